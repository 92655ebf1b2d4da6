package io.lampblack.server.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.support.ConsoleFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a console build: what is taken from its list, how each file is served, and what makes it absent. */
class ConsoleFilesTest {

    @TempDir
    Path dir;

    @Test
    void everyListedFileIsHeldWithItsTypeCachingAndGzipForm() throws IOException {
        ConsoleFiles files = ConsoleFiles.fromDirectory(ConsoleFixture.write(dir));
        assertTrue(files.present());
        assertEquals(5, files.count());

        ConsoleFiles.File index = files.file("index.html").orElseThrow();
        assertEquals("text/html; charset=utf-8", index.contentType());
        assertEquals("no-cache", index.cacheControl());
        assertEquals(ConsoleFixture.INDEX_HTML, new String(index.body(), StandardCharsets.UTF_8));

        ConsoleFiles.File script = files.file(ConsoleFixture.SCRIPT).orElseThrow();
        assertEquals("text/javascript; charset=utf-8", script.contentType());
        assertEquals("public, max-age=31536000, immutable", script.cacheControl());
        assertTrue(script.gzipped().length < script.body().length / 10, "a bundle gzips well");
        assertArrayEquals(script.body(), gunzip(script.gzipped()));
        assertTrue(script.etag().matches("\"[A-Za-z0-9_-]{22}\""), script.etag());
        assertNotEquals(script.etag(), script.gzipEtag(), "each form has its own entity tag");

        assertEquals(
                "text/css; charset=utf-8",
                files.file(ConsoleFixture.STYLE).orElseThrow().contentType());
        ConsoleFiles.File image = files.file(ConsoleFixture.IMAGE).orElseThrow();
        assertEquals("image/png", image.contentType());
        assertNull(image.gzipped(), "not kept gzipped when gzip does not shrink it");
        assertEquals("font/woff2", files.file(ConsoleFixture.FONT).orElseThrow().contentType());
        assertFalse(files.file("lampblack-files.json").isPresent(), "the list itself is not served");
    }

    @Test
    void contentTypesByExtension() {
        Map<String, String> expected = Map.of(
                "a.js", "text/javascript; charset=utf-8",
                "a.css", "text/css; charset=utf-8",
                "a.svg", "image/svg+xml",
                "a.woff2", "font/woff2",
                "a.png", "image/png",
                "a.json", "application/json; charset=utf-8",
                "a.js.map", "application/json; charset=utf-8",
                "a.HTML", "text/html; charset=utf-8",
                "a.unknown", "application/octet-stream");
        expected.forEach((name, type) -> assertEquals(type, ConsoleFiles.contentType("assets/" + name), name));
    }

    @Test
    void onlyIndexAndFlatAssetsTheListNamesAreTaken() throws IOException {
        Files.createDirectories(dir.resolve("assets/deep"));
        Files.writeString(dir.resolve("index.html"), "<html></html>");
        Files.writeString(dir.resolve("assets/ok.js"), "1");
        Files.writeString(dir.resolve("assets/deep/x.js"), "2");
        Files.writeString(dir.resolve("favicon.svg"), "<svg/>");
        Files.writeString(dir.resolve("assets/unlisted.js"), "3");
        Files.writeString(dir.getParent().resolve("secret.txt"), "do not serve");
        Files.writeString(
                dir.resolve("lampblack-files.json"),
                "[\"index.html\", \"assets/ok.js\", \"assets/deep/x.js\", \"favicon.svg\", \"assets/../../secret.txt\","
                        + " \"../secret.txt\", \"/etc/passwd\", \"assets/..\", \"assets/.hidden\"]");
        ConsoleFiles files = ConsoleFiles.fromDirectory(dir);
        assertTrue(files.present(), files.absence().orElse(""));
        assertEquals(2, files.count(), "index.html and assets/ok.js");
        assertTrue(files.file("assets/ok.js").isPresent());
        assertFalse(files.file("assets/unlisted.js").isPresent());
        assertFalse(files.file("assets/deep/x.js").isPresent());
        assertFalse(files.file("../secret.txt").isPresent());
    }

    @Test
    void aBuildWithoutTheConsoleOrWithABrokenListIsAbsent() throws IOException {
        ConsoleFiles none = ConsoleFiles.fromDirectory(dir.resolve("nothing-here"));
        assertFalse(none.present());
        assertTrue(
                none.absence().orElseThrow().contains("built without the web console"),
                none.absence().get());
        assertFalse(none.file("index.html").isPresent());

        assertAbsent("{\"files\": []}", "is not a JSON array");
        assertAbsent("[]", "does not list index.html");
        assertAbsent("[\"index.html\", \"assets/missing.js\"]", "lists assets/missing.js, which is missing");
        assertAbsent("[\"index.html\", 7]", "lists a non-string");
        assertAbsent("[not json", "cannot be read");
    }

    @Test
    void theClasspathSourceReadsUnderConsole() {
        Map<String, byte[]> jar = new HashMap<>();
        jar.put("console/lampblack-files.json", "[\"index.html\"]".getBytes(StandardCharsets.UTF_8));
        jar.put("console/index.html", "<html>cp</html>".getBytes(StandardCharsets.UTF_8));
        ClassLoader loader = new ClassLoader(null) {
            @Override
            public java.io.InputStream getResourceAsStream(String name) {
                byte[] b = jar.get(name);
                return b == null ? null : new ByteArrayInputStream(b);
            }
        };
        ConsoleFiles files = ConsoleFiles.fromClasspath(loader);
        assertTrue(files.present(), files.absence().orElse(""));
        assertEquals(
                "<html>cp</html>",
                new String(files.file("index.html").orElseThrow().body(), StandardCharsets.UTF_8));
        assertFalse(ConsoleFiles.fromClasspath(new ClassLoader(null) {}).present());
    }

    @Test
    void anySourceAnsweringNamesWithBytesWillDo() {
        Map<String, byte[]> source = Map.of(
                "lampblack-files.json", "[\"index.html\", \"assets/a-1.js\"]".getBytes(StandardCharsets.UTF_8),
                "index.html", new byte[] {'<'},
                "assets/a-1.js", new byte[] {'1'});
        ConsoleFiles files = ConsoleFiles.load(p -> Optional.ofNullable(source.get(p)), "a map");
        assertEquals(
                List.of(true, true),
                List.of(
                        files.file("index.html").isPresent(),
                        files.file("assets/a-1.js").isPresent()));
    }

    private void assertAbsent(String manifest, String why) throws IOException {
        Files.writeString(dir.resolve("index.html"), "<html></html>");
        Files.writeString(dir.resolve("lampblack-files.json"), manifest);
        ConsoleFiles files = ConsoleFiles.fromDirectory(dir);
        assertFalse(files.present(), manifest);
        assertTrue(files.absence().orElseThrow().contains(why), files.absence().get());
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
