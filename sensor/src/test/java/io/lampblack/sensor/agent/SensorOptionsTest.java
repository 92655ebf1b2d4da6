package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SensorOptionsTest {

    private static final Path HOME = Path.of("/home/ann");

    @Test
    void defaultsAndEveryOption() {
        SensorOptions d = SensorOptions.parse(List.of("--server", "https://lb:8443"), Map.of(), false, HOME);
        assertEquals(URI.create("https://lb:8443"), d.server());
        assertEquals(Optional.empty(), d.caCert(), "the system's trust store");
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
