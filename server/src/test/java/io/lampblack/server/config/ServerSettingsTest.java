package io.lampblack.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    private static String failure(List<String> args) {
        return assertThrows(IllegalArgumentException.class, () -> ServerSettings.fromArgs(args), args.toString())
                .getMessage();
    }

    private static void assertFailsNaming(String key, List<String> args) {
        String message = failure(args);
        assertTrue(message.contains("'" + key + "'"), "message names '" + key + "': " + message);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ServerSettings s = ServerSettings.defaults();
        assertEquals("data", s.get(ServerSettings.DATA));
        assertEquals(8443, s.get(ServerSettings.PORT));
        assertEquals("127.0.0.1", s.get(ServerSettings.BIND));
        assertEquals("", s.get(ServerSettings.DB));
        assertEquals(16L << 20, s.get(ServerSettings.MAX_UPLOAD));
        assertEquals(32L << 20, s.get(ServerSettings.MAX_UPLOAD_DECOMPRESSED));
        assertEquals(200_000, s.get(ServerSettings.MAX_UPLOAD_EVENTS));
        assertEquals(1L << 30, s.get(ServerSettings.MAX_INFLIGHT_UPLOADS));
        assertEquals(25, s.get(ServerSettings.INFLIGHT_SHARE_PER_SENSOR));
        assertEquals(128L << 20, s.get(ServerSettings.JOURNAL_FILE_SIZE));
        assertEquals(1000, s.get(ServerSettings.REFRESH_MS));
        assertEquals(5000, s.get(ServerSettings.COMMIT_MS));
        assertEquals(false, s.get(ServerSettings.LEADING_WILDCARDS));
        assertEquals(30, s.get(ServerSettings.CHECKIN_SECONDS));
        assertEquals("", s.get(ServerSettings.REGISTRATION_TOKEN));
        assertEquals(Path.of("data").toAbsolutePath(), s.dataDir());
        assertTrue(s.dataDir().isAbsolute());
    }

    @Test
    void noArgumentsGiveTheDefaults() {
        ServerSettings parsed = ServerSettings.fromArgs(List.of());
        ServerSettings defaults = ServerSettings.defaults();
        for (Setting<?> s : ServerSettings.ALL) assertEquals(defaults.get(s), parsed.get(s), s.key());
    }

    @Test
    void everyKeyIsDeclaredOnceWithADefaultThatPassesItsOwnValidation() {
        Set<String> keys = new HashSet<>();
        for (Setting<?> s : ServerSettings.ALL) {
            assertTrue(keys.add(s.key()), "declared twice: " + s.key());
            assertFalse(s.doc().isBlank(), s.key() + " has documentation");
            assertEquals(s.defaultValue(), s.parse(String.valueOf(s.defaultValue())), s.key());
        }
    }

    @Test
    void bothArgumentFormsAreAccepted() {
        ServerSettings s = ServerSettings.fromArgs(List.of(
                "--port",
                "9000",
                "--bind=0.0.0.0",
                "--db=jdbc:postgresql://127.0.0.1:5432/test?ssl=false",
                "--allow-leading-wildcards",
                "yes",
                "--data",
                "/var/lib/lampblack"));
        assertEquals(9000, s.get(ServerSettings.PORT));
        assertEquals("0.0.0.0", s.get(ServerSettings.BIND));
        assertEquals(
                "jdbc:postgresql://127.0.0.1:5432/test?ssl=false",
                s.get(ServerSettings.DB),
                "only the first '=' separates key and value");
        assertEquals(true, s.get(ServerSettings.LEADING_WILDCARDS));
        assertEquals(Path.of("/var/lib/lampblack"), s.dataDir());
        assertEquals(8443, ServerSettings.defaults().get(ServerSettings.PORT), "defaults are not changed");
    }

    @Test
    void aLaterValueOverridesAnEarlierOne() {
        assertEquals(
                2, ServerSettings.fromArgs(List.of("--port=1", "--port", "2")).get(ServerSettings.PORT));
    }

    @Test
    void emptyValuesAreAllowedForTextSettings() {
        ServerSettings s = ServerSettings.fromArgs(List.of("--registration-token=", "--public-url", ""));
        assertEquals("", s.get(ServerSettings.REGISTRATION_TOKEN));
        assertEquals("", s.get(ServerSettings.PUBLIC_URL));
    }

    @Test
    void booleansAcceptTheUsualSpellings() {
        for (String yes : List.of("true", "TRUE", "yes", "on", "1")) {
            assertEquals(
                    true,
                    ServerSettings.fromArgs(List.of("--allow-leading-wildcards", yes))
                            .get(ServerSettings.LEADING_WILDCARDS),
                    yes);
        }
        for (String no : List.of("false", "No", "off", "0")) {
            assertEquals(
                    false,
                    ServerSettings.fromArgs(List.of("--allow-leading-wildcards=" + no))
                            .get(ServerSettings.LEADING_WILDCARDS),
                    no);
        }
        assertFailsNaming("allow-leading-wildcards", List.of("--allow-leading-wildcards", "maybe"));
    }

    @Test
    void anUnknownKeyFailsNamingIt() {
        assertFailsNaming("prot", List.of("--prot", "9000"));
        assertFailsNaming("prot", List.of("--port", "9000", "--prot=9000"));
        String message = assertThrows(
                        IllegalArgumentException.class, () -> ServerSettings.of(Map.of("no-such-key", "1")))
                .getMessage();
        assertTrue(message.contains("no-such-key"), message);
    }

    @Test
    void aBadValueFailsNamingTheKey() {
        assertFailsNaming("port", List.of("--port", "https"));
        assertFailsNaming("port", List.of("--port=70000"));
        assertFailsNaming("port", List.of("--port=-1"));
        assertFailsNaming("index-threads", List.of("--index-threads", "0"));
        assertFailsNaming("max-upload", List.of("--max-upload", "lots"));
        assertFailsNaming("max-upload", List.of("--max-upload", ""));
        assertFailsNaming("max-upload", List.of("--max-upload", "-1m"));
        assertFailsNaming("max-upload", List.of("--max-upload", "1023"));
        // An upload is read into one array: a limit near 2 GiB would leave the reader spinning at the array's end.
        assertFailsNaming("max-upload", List.of("--max-upload", "2g"));
        assertFailsNaming("max-upload", List.of("--max-upload", "2147483600"));
        assertEquals(
                1L << 30, ServerSettings.fromArgs(List.of("--max-upload", "1g")).get(ServerSettings.MAX_UPLOAD));
        assertFailsNaming("journal-file-size", List.of("--journal-file-size", "5g"));
        String message = failure(List.of("--port", "https"));
        assertTrue(message.contains("https"), "message shows the bad value: " + message);
    }

    @Test
    void aKeyWithoutAValueFailsNamingIt() {
        assertFailsNaming("port", List.of("--bind", "0.0.0.0", "--port"));
    }

    @Test
    void aBareWordIsRejected() {
        String message = failure(List.of("port", "9000"));
        assertTrue(message.contains("port"), message);
    }

    @Test
    void sizesTakeKMAndGSuffixes() {
        assertEquals(64L << 20, size("64m"));
        assertEquals(64L << 20, size("64M"));
        assertEquals(64L << 20, size(" 64m "));
        assertEquals(1L << 30, size("1g"));
        assertEquals(512L << 10, size("512k"));
        assertEquals(2048L, size("2048"));
        assertEquals(
                1L << 32,
                ServerSettings.fromArgs(List.of("--journal-file-size=4g")).get(ServerSettings.JOURNAL_FILE_SIZE));
        assertEquals(
                1L << 20,
                ServerSettings.fromArgs(List.of("--journal-file-size", "1024k")).get(ServerSettings.JOURNAL_FILE_SIZE));
    }

    private static long size(String raw) {
        return ServerSettings.fromArgs(List.of("--max-upload", raw)).get(ServerSettings.MAX_UPLOAD);
    }

    @Test
    void aSizeTooLargeToRepresentFailsInsteadOfWrapping() {
        assertFailsNaming("max-upload", List.of("--max-upload", "18014398509481985k"));
    }

    @Test
    void withReplacesOneValueAndLeavesTheOriginalAlone() {
        ServerSettings base = ServerSettings.fromArgs(List.of("--port", "9000"));
        ServerSettings changed = base.with(ServerSettings.BIND, "0.0.0.0");
        assertEquals("0.0.0.0", changed.get(ServerSettings.BIND));
        assertEquals(9000, changed.get(ServerSettings.PORT));
        assertEquals("127.0.0.1", base.get(ServerSettings.BIND));
        String message = assertThrows(IllegalArgumentException.class, () -> base.with(ServerSettings.COMMIT_MS, "5"))
                .getMessage();
        assertTrue(message.contains("'commit-ms'"), message);
    }

    @Test
    void helpListsEveryKeyWithItsDocumentationAndDefault() {
        String help = ServerSettings.help();
        for (Setting<?> s : ServerSettings.ALL) {
            assertTrue(help.contains("--" + s.key() + " "), "help lists --" + s.key());
            assertTrue(help.contains(s.doc()), "help documents " + s.key());
        }
        assertTrue(help.contains("default: 8443"), help);
        assertTrue(help.contains("default: (empty)"), help);
        assertEquals(
                ServerSettings.ALL.size(),
                help.lines().filter(l -> l.startsWith("  --")).count(),
                "one entry per setting");
    }
}
