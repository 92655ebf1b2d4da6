package io.lampblack.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 7: passwords and tokens need not be on the command line, where every local user reads them in
 * {@code ps}; they come from a file or the environment, and their text never appears in an error message.
 */
class SecretSettingsTest {

    @TempDir
    Path dir;

    @Test
    void aSecretComesFromAFileWithoutItsLineBreak() throws Exception {
        Path f = Files.writeString(dir.resolve("db.pw"), "s3cr3t pass\n");
        ServerSettings s = ServerSettings.fromArgs(List.of("--db-password-file", f.toString()));
        assertEquals("s3cr3t pass", s.get(ServerSettings.DB_PASSWORD));
        assertEquals(List.of(), s.secretsOnCommandLine());

        Path t = Files.writeString(dir.resolve("reg"), "tok\n");
        assertEquals(
                "tok",
                ServerSettings.fromArgs(List.of("--registration-token-file=" + t))
                        .get(ServerSettings.REGISTRATION_TOKEN));
    }

    @Test
    void aSecretComesFromTheEnvironmentAndTheCommandLineWins() {
        Map<String, String> env = Map.of(
                "LAMPBLACK_DB_PASSWORD", "from-env",
                "LAMPBLACK_REGISTRATION_TOKEN", "env-token",
                "LAMPBLACK_BUS", "amqp://cb:envpw@127.0.0.1:5672/",
                "LAMPBLACK_PORT", "1"); // not a secret: the environment does not set it
        ServerSettings s = ServerSettings.fromArgs(List.of(), env);
        assertEquals("from-env", s.get(ServerSettings.DB_PASSWORD));
        assertEquals("env-token", s.get(ServerSettings.REGISTRATION_TOKEN));
        assertEquals("amqp://cb:envpw@127.0.0.1:5672/", s.get(ServerSettings.BUS));
        assertEquals(8443, s.get(ServerSettings.PORT));
        assertEquals(List.of(), s.secretsOnCommandLine());

        ServerSettings given = ServerSettings.fromArgs(List.of("--db-password", "typed"), env);
        assertEquals("typed", given.get(ServerSettings.DB_PASSWORD));
        assertEquals(List.of(ServerSettings.DB_PASSWORD), given.secretsOnCommandLine(), "the server warns about it");
    }

    @Test
    void aUrlOnTheCommandLineIsWarnedAboutOnlyWithAPassword() {
        assertEquals(
                List.of(),
                ServerSettings.fromArgs(List.of("--bus", "amqp://127.0.0.1:5672/"))
                        .secretsOnCommandLine());
        assertEquals(
                List.of(ServerSettings.BUS),
                ServerSettings.fromArgs(List.of("--bus", "amqp://cb:pw@127.0.0.1:5672/"))
                        .secretsOnCommandLine());
    }

    @Test
    void aSecretAndItsFileTogetherAreRefused() throws Exception {
        Path f = Files.writeString(dir.resolve("pw"), "x");
        String m = assertThrows(
                        IllegalArgumentException.class,
                        () -> ServerSettings.fromArgs(
                                List.of("--db-password", "y", "--db-password-file", f.toString())))
                .getMessage();
        assertTrue(m.contains("'db-password'") && m.contains("'db-password-file'"), m);
    }

    @Test
    void aMissingFileIsNamedAndOnlySecretsHaveAFileForm() {
        String m = assertThrows(
                        IllegalArgumentException.class,
                        () -> ServerSettings.fromArgs(List.of(
                                "--db-password-file", dir.resolve("none").toString())))
                .getMessage();
        assertTrue(m.contains("'db-password-file'") && m.contains("none"), m);
        assertThrows(IllegalArgumentException.class, () -> ServerSettings.fromArgs(List.of("--port-file", "x")));
    }

    @Test
    void aRefusedSecretIsNotEchoed() {
        String m = assertThrows(
                        IllegalArgumentException.class,
                        () -> ServerSettings.fromArgs(List.of("--bus", "http://cb:hunter2@host/")))
                .getMessage();
        assertTrue(m.contains("'bus'"), m);
        assertFalse(m.contains("hunter2"), m);
    }

    @Test
    void aBooleanSettingAloneMeansTrue() {
        assertTrue(ServerSettings.fromArgs(List.of("--open-registration")).get(ServerSettings.OPEN_REGISTRATION));
        ServerSettings s = ServerSettings.fromArgs(List.of("--open-registration", "--port", "9"));
        assertTrue(s.get(ServerSettings.OPEN_REGISTRATION));
        assertEquals(9, s.get(ServerSettings.PORT));
        assertFalse(
                ServerSettings.fromArgs(List.of("--open-registration", "false")).get(ServerSettings.OPEN_REGISTRATION));
    }

    @Test
    void helpNamesTheFileAndEnvironmentForms() {
        String help = ServerSettings.help();
        assertTrue(help.contains("--db-password-file PATH"), help);
        assertTrue(help.contains("$LAMPBLACK_DB_PASSWORD"), help);
        assertTrue(help.contains("$LAMPBLACK_REGISTRATION_TOKEN"), help);
    }

    @Test
    void urlsAreShownWithTheirPasswordMasked() {
        assertEquals("amqp://cb:***@127.0.0.1:5004/", Secrets.maskUrl("amqp://cb:s3cret@127.0.0.1:5004/"));
        assertEquals("amqp://127.0.0.1:5004/", Secrets.maskUrl("amqp://127.0.0.1:5004/"));
        assertEquals("smtp://user@mail:25", Secrets.maskUrl("smtp://user@mail:25"));
        assertEquals("amqp://a%40b:***@h/", Secrets.maskUrl("amqp://a%40b:p%3Aw@h/"));
        assertEquals("***", Secrets.maskUrl("amqp://cb:p w@h/"), "unparseable: nothing of it is shown");
        assertEquals("", Secrets.maskUrl(""));
    }

    @Test
    void aPasswordHoldingUrlCharactersIsMaskedAndWarnedAbout() {
        // The parser sees no user part here (the host is null): everything up to the last '@' may be password.
        assertEquals("smtp://***@host", Secrets.maskUrl("smtp://u:p@ss@host"));
        assertEquals("smtp://***@host:25", Secrets.maskUrl("smtp://u:p/ss@host:25"));
        assertEquals("smtp://***@host", Secrets.maskUrl("smtp://u:p#ss@host"));
        assertEquals("***", Secrets.maskUrl("u:pw@host"), "not a URL: nothing of it is shown");
        assertTrue(Secrets.holdsPassword("smtp://u:p@ss@host"));
        assertTrue(Secrets.holdsPassword("smtp://u:p/ss@host"));
        assertFalse(Secrets.holdsPassword("smtp://user@host"));
        assertEquals(
                List.of(ServerSettings.SMTP_SERVER),
                ServerSettings.fromArgs(List.of("--smtp-server", "smtp://u:p@ss@host"))
                        .secretsOnCommandLine());
    }

    @Test
    void aMalformedSmtpServerIsRefusedWithoutItsPassword() {
        for (String server : List.of("smtp://u:pa ss@h", "smtp://u:p@ss@h", "smtp://u:p%zz@h", "smtp://u:p/ss@h")) {
            String m = assertThrows(
                            IllegalArgumentException.class,
                            () -> io.lampblack.server.intel.MailSender.configure(
                                    server, "lampblack@example.org", u -> java.util.Optional.empty()))
                    .getMessage();
            assertFalse(m.contains("ss@") || m.contains("p%zz") || m.contains("pa ss"), m);
        }
    }

    @Test
    void generatedTokensAreLongAndDiffer() {
        String a = Secrets.newToken();
        assertEquals(64, a.length());
        assertTrue(a.matches("[0-9a-f]{64}"));
        assertFalse(a.equals(Secrets.newToken()));
    }
}
