package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.assembly.ServerInfo;
import io.lampblack.server.support.ConsoleBrowser;
import io.lampblack.server.support.ConsoleFixture;
import io.lampblack.server.support.RawHttps;
import io.lampblack.server.support.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console's files on a real server (from a fixture build given as {@code --console-dir}): index.html with the
 * Content-Security-Policy, hashed assets cached for good and gzipped when the client takes it, revalidation by entity
 * tag, HEAD, nothing outside the build, a server without the console; and the security headers on every answer,
 * Jetty's own error answers included.
 */
class ConsoleFilesIT {

    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "x-content-type-options",
            "nosniff",
            "x-frame-options",
            "DENY",
            "referrer-policy",
            "no-referrer",
            "strict-transport-security",
            "max-age=31536000",
            "content-security-policy",
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:;"
                    + " font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none';"
                    + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'");

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path console = ConsoleFixture.write(dir.resolve("console"));
        server = TestServer.start(dir.resolve("data"), "console-dir", console.toString());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static HttpResponse<byte[]> get(TestServer s, String path, String... headers) throws Exception {
        return send(s, "GET", path, headers);
    }

    private static HttpResponse<byte[]> send(TestServer s, String method, String path, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.server.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) b.headers(headers);
        return s.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<byte[]> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static void assertSecurityHeaders(HttpHeaders headers, String what) {
        SECURITY_HEADERS.forEach(
                (name, value) -> assertEquals(value, headers.firstValue(name).orElse(null), what + ": " + name));
    }

    @Test
    void indexHtmlIsServedAtTheRootWithTheContentSecurityPolicy() throws Exception {
        for (String path : List.of("/", "/index.html")) {
            HttpResponse<byte[]> r = get(server, path);
            assertEquals(200, r.statusCode(), path);
            assertEquals("text/html; charset=utf-8", header(r, "Content-Type"));
            assertEquals(ConsoleFixture.INDEX_HTML, new String(r.body(), StandardCharsets.UTF_8));
            assertSecurityHeaders(r.headers(), path);
            assertEquals("no-cache", header(r, "Cache-Control"), "revalidated each time: it names the build's assets");
            String etag = header(r, "ETag");
            assertTrue(etag != null && etag.startsWith("\""), etag);
            assertEquals(304, get(server, path, "If-None-Match", etag).statusCode());
        }
        HttpResponse<byte[]> head = send(server, "HEAD", "/");
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals(
                Integer.toString(ConsoleFixture.INDEX_HTML.getBytes(StandardCharsets.UTF_8).length),
                header(head, "Content-Length"));
    }

    @Test
    void hashedAssetsAreCachedForGoodAndGzippedForAClientThatTakesGzip() throws Exception {
        String path = "/" + ConsoleFixture.SCRIPT;
        HttpResponse<byte[]> plain = get(server, path);
        assertEquals(200, plain.statusCode());
        assertEquals("text/javascript; charset=utf-8", header(plain, "Content-Type"));
        assertEquals("public, max-age=31536000, immutable", header(plain, "Cache-Control"));
        assertEquals("Accept-Encoding", header(plain, "Vary"));
        assertEquals(null, header(plain, "Content-Encoding"));
        assertEquals(ConsoleFixture.SCRIPT_TEXT, new String(plain.body(), StandardCharsets.UTF_8));
        assertSecurityHeaders(plain.headers(), path);

        HttpResponse<byte[]> gz = get(server, path, "Accept-Encoding", "gzip, deflate, br");
        assertEquals(200, gz.statusCode());
        assertEquals("gzip", header(gz, "Content-Encoding"));
        assertTrue(gz.body().length < plain.body().length / 10, gz.body().length + " bytes");
        assertEquals(ConsoleFixture.SCRIPT_TEXT, new String(gunzip(gz.body()), StandardCharsets.UTF_8));
        assertFalse(header(gz, "ETag").equals(header(plain, "ETag")), "each encoding has its own entity tag");
        assertEquals(
                304,
                get(server, path, "Accept-Encoding", "gzip", "If-None-Match", header(gz, "ETag"))
                        .statusCode());
        assertEquals(
                200, get(server, path, "If-None-Match", "\"something-else\"").statusCode());

        HttpResponse<byte[]> css = get(server, "/" + ConsoleFixture.STYLE, "Accept-Encoding", "gzip");
        assertEquals("text/css; charset=utf-8", header(css, "Content-Type"));
        HttpResponse<byte[]> png = get(server, "/" + ConsoleFixture.IMAGE, "Accept-Encoding", "gzip");
        assertEquals("image/png", header(png, "Content-Type"));
        assertEquals(null, header(png, "Content-Encoding"), "gzip would not shrink it");
        assertArrayEquals(ConsoleFixture.noise(2_000, 1), png.body());
        HttpResponse<byte[]> font = get(server, "/" + ConsoleFixture.FONT);
        assertEquals("font/woff2", header(font, "Content-Type"));
        assertEquals("public, max-age=31536000, immutable", header(font, "Cache-Control"));
    }

    @Test
    void nothingOutsideTheBuildIsServed() throws Exception {
        HttpResponse<byte[]> unknown = get(server, "/assets/index-00000000.js");
        assertEquals(404, unknown.statusCode());
        assertTrue(header(unknown, "Content-Type").startsWith("application/json"));
        assertSecurityHeaders(unknown.headers(), "an unknown asset");
        assertEquals(404, get(server, "/lampblack-files.json").statusCode());
        assertEquals(404, get(server, "/assets/").statusCode());

        URI url = URI.create(server.server.url());
        for (String path : List.of(
                "/assets/..%2f..%2fetc%2fpasswd",
                "/assets/../pom.xml",
                "/assets/%2e%2e/%2e%2e/pom.xml",
                "/assets/..%5c..%5cpom.xml",
                "/assets/../../../../etc/passwd",
                "/assets/%2e%2e%2flampblack-files.json")) {
            RawHttps.Response r = raw(url, "GET " + path + " HTTP/1.1\r\n");
            assertTrue(r.status() == 400 || r.status() == 404, path + " -> " + r.status() + " " + r.text());
            assertFalse(r.text().contains("root:"), path);
            assertFalse(r.text().contains("<project"), path);
            assertTrue(r.head().toLowerCase(Locale.ROOT).contains("x-frame-options: deny"), path + ": " + r.head());
        }
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersJettysOwnErrorsToo() throws Exception {
        assertSecurityHeaders(get(server, "/api/no/such/route").headers(), "an API 404");
        assertSecurityHeaders(
                server.http
                        .send(
                                HttpRequest.newBuilder(URI.create(server.server.url() + "/api/info"))
                                        .header("X-Auth-Token", server.token)
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray())
                        .headers(),
                "an API answer");
        assertSecurityHeaders(get(server, "/api/info").headers(), "a 401");
        URI url = URI.create(server.server.url());
        for (String request : List.of(
                "GET /api/info HTTP/1.1\r\nBad Header Line\r\n",
                "GET /api/info HTTP/1.1\r\nX-Big: " + "x".repeat(20_000) + "\r\n",
                "GET /api/v1/%ff%fe HTTP/1.1\r\n")) {
            RawHttps.Response r = raw(url, request);
            String shown = request.substring(0, Math.min(40, request.length()));
            assertTrue(r.status() >= 400 && r.status() < 500, shown + " -> " + r.status());
            String head = r.head().toLowerCase(Locale.ROOT);
            SECURITY_HEADERS.forEach((name, value) -> assertTrue(
                    head.contains(name + ": " + value.toLowerCase(Locale.ROOT)),
                    shown + " lacks " + name + "\n" + head));
        }
    }

    @Test
    void apiAndSensorAnswersAreNeverStoredTheConsolesFilesKeepTheirCaching() throws Exception {
        HttpResponse<byte[]> own = server.http.send(
                HttpRequest.newBuilder(URI.create(server.server.url() + "/api/user/admin"))
                        .header("X-Auth-Token", server.token)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, own.statusCode());
        assertTrue(new String(own.body(), StandardCharsets.UTF_8).contains(server.token), "it carries the token");
        assertEquals("no-store", header(own, "Cache-Control"), "a user's own token");

        ConsoleBrowser browser = new ConsoleBrowser(server);
        String password = ServerInfo.read(dir.resolve("data")).orElseThrow().password();
        HttpResponse<byte[]> login = browser.login("admin", password);
        assertEquals(200, login.statusCode());
        assertEquals("no-store", header(login, "Cache-Control"), "the session's CSRF token");
        assertEquals(
                "no-store", header(browser.call("GET", "/api/console/session", null), "Cache-Control"), "the same");

        assertEquals("no-store", header(get(server, "/api/info"), "Cache-Control"), "a 401");
        assertEquals("no-store", header(get(server, "/api/no/such/route"), "Cache-Control"), "an unknown route");
        assertEquals("no-store", header(get(server, "/assets/index-00000000.js"), "Cache-Control"), "no such asset");
        HttpResponse<byte[]> checkin = send(server, "POST", "/sensor/v1/checkin");
        assertTrue(checkin.statusCode() >= 400, "a check-in of nobody: " + checkin.statusCode());
        assertEquals("no-store", header(checkin, "Cache-Control"), "a sensor route");

        assertEquals("no-cache", header(get(server, "/"), "Cache-Control"));
        assertEquals(
                "public, max-age=31536000, immutable",
                header(get(server, "/" + ConsoleFixture.SCRIPT), "Cache-Control"));
    }

    @Test
    void withoutTheConsoleTheRootSaysHowToBuildItAndTheApiWorks() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("no-console"));
        try (TestServer bare = TestServer.start(dir.resolve("data-bare"), "console-dir", empty.toString())) {
            HttpResponse<byte[]> root = get(bare, "/");
            assertEquals(503, root.statusCode());
            assertEquals("text/plain; charset=utf-8", header(root, "Content-Type"));
            String text = new String(root.body(), StandardCharsets.UTF_8);
            assertTrue(text.contains("console/ module") && text.contains("Node.js") && text.contains("npm"), text);
            assertFalse(text.contains(empty.toString()), "the server's paths are for its log, not for anyone");
            assertSecurityHeaders(root.headers(), "the 503");
            assertEquals(503, get(bare, "/index.html").statusCode());
            assertEquals(404, get(bare, "/" + ConsoleFixture.SCRIPT).statusCode());
            assertEquals(200, bare.get("/api/info").status());
        }
    }

    private static RawHttps.Response raw(URI url, String requestHead) throws Exception {
        try (SSLSocket s = RawHttps.open(url, 10_000)) {
            OutputStream out = s.getOutputStream();
            out.write((requestHead + "Host: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return RawHttps.read(s.getInputStream());
        }
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
