package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorOptionsTest {

    private static final Path HOME = Path.of("/home/ann");

    @Test
    void defaultsAndEveryOption() {
        SensorOptions d = SensorOptions.parse(List.of("--server", "https://lb:8443"), Map.of(), false, HOME);
        assertEquals(URI.create("https://lb:8443"), d.server());
        assertEquals(Optional.empty(), d.caCert(), "the Java runtime's trust store");
        assertEquals(HOME.resolve(".lampblack-sensor"), d.dataDir());
        assertEquals(
                Path.of("/var/lib/lampblack-sensor"),
                SensorOptions.parse(List.of("--server", "https://lb"), Map.of(), true, HOME)
                        .dataDir());
        assertEquals(1, d.groupId());
        assertEquals(256L << 20, d.spoolMaxBytes());
        assertEquals("", d.registrationToken());

        SensorOptions o = SensorOptions.parse(
                List.of(
                        "--server=https://lb:8443",
                        "--cacert",
                        "/etc/lb.pem",
                        "--registration-token",
                        "tok",
                        "--data",
                        "/srv/s",
                        "--watch",
                        "/etc",
                        "--watch=/usr/bin",
                        "--group-id",
                        "3",
                        "--spool-max-bytes",
                        "10000000000"),
                Map.of(SensorOptions.TOKEN_ENV, "from-env"),
                false,
                HOME);
        assertEquals(Optional.of(Path.of("/etc/lb.pem")), o.caCert());
        assertEquals("tok", o.registrationToken(), "the command line wins over the environment");
        assertEquals(List.of(Path.of("/etc"), Path.of("/usr/bin")), o.watch());
        assertEquals(3, o.groupId());
        assertEquals(10_000_000_000L, o.spoolMaxBytes());
        assertEquals(
                "from-env",
                SensorOptions.parse(
                                List.of("--server", "https://lb"),
                                Map.of(SensorOptions.TOKEN_ENV, "from-env"),
                                false,
                                HOME)
                        .registrationToken());
    }

    /** The installer's start script passes the token as a file; the installed copy is deleted once not needed. */
    @Test
    void theTokenFromAFileAndTheInstalledCopyForgottenOnceRegistered(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("registration-token");
        Files.writeString(file, "from-file\n");
        Map<String, String> env = Map.of(SensorOptions.TOKEN_FILE_ENV, file.toString());
        List<String> args = List.of("--server", "https://lb");
        assertEquals("from-file", SensorOptions.parse(args, env, false, HOME).registrationToken());
        assertEquals(
                "from-env",
                SensorOptions.parse(
                                args,
                                Map.of(
                                        SensorOptions.TOKEN_ENV,
                                        "from-env",
                                        SensorOptions.TOKEN_FILE_ENV,
                                        file.toString()),
                                false,
                                HOME)
                        .registrationToken(),
                "a token given outright wins");

        SensorMain.forgetRegistrationToken(env);
        assertTrue(Files.exists(file), "kept when the start script did not ask (an unpacked installer, tried out)");
        SensorMain.forgetRegistrationToken(
                Map.of(SensorOptions.TOKEN_FILE_ENV, file.toString(), SensorMain.FORGET_TOKEN_ENV, "yes"));
        assertFalse(Files.exists(file), "the installed copy is deleted");
        assertEquals("", SensorOptions.parse(args, env, false, HOME).registrationToken(), "gone: no token");
    }

    /** The token out of the process list: from a file named on the command line, which --help recommends. */
    @Test
    void theTokenFromAFileNamedOnTheCommandLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  from-option-file \n");
        assertEquals(
                "from-option-file",
                SensorOptions.parse(
                                List.of("--server", "https://lb", "--registration-token-file", file.toString()),
                                Map.of(SensorOptions.TOKEN_ENV, "from-env"),
                                false,
                                HOME)
                        .registrationToken(),
                "read, trimmed, and preferred to the environment");
        assertEquals(
                "",
                SensorOptions.parse(
                                List.of("--server", "https://lb", "--registration-token-file=" + dir.resolve("gone")),
                                Map.of(),
                                false,
                                HOME)
                        .registrationToken(),
                "a file deleted once the sensor registered is no token");
        var both = assertThrows(
                IllegalArgumentException.class,
                () -> SensorOptions.parse(
                        List.of(
                                "--server",
                                "https://lb",
                                "--registration-token",
                                "t",
                                "--registration-token-file",
                                file.toString()),
                        Map.of(),
                        false,
                        HOME));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        String help = SensorMain.usage();
        assertTrue(help.contains("--registration-token-file PATH"), help);
        assertTrue(help.contains("prefer the file or the environment variable"), help);
        assertTrue(help.contains("default: the Java runtime's"), "says whose trust store it is: " + help);
    }

    @Test
    void wrongCommandLinesSayWhatIsWrong() {
        for (var c : List.of(
                List.of("", "--server URL is required"),
                List.of("--server http://lb", "must be https://"),
                List.of("--server https://lb --group-id 0", "--group-id must be a positive number"),
                List.of("--server https://lb --spool-max-bytes", "--spool-max-bytes needs a value"),
                List.of("--server https://lb --verbose 1", "unknown option '--verbose'"))) {
            List<String> args =
                    c.get(0).isEmpty() ? List.of() : List.of(c.get(0).split(" "));
            var e = assertThrows(
                    IllegalArgumentException.class, () -> SensorOptions.parse(args, Map.of(), false, HOME));
            assertTrue(e.getMessage().contains(c.get(1)), e.getMessage());
        }
    }
}
