package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lampblack.server.json.Json;
import io.lampblack.server.support.ApiCalls;
import io.lampblack.server.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, items 5 and 9, as an attacker with an API token tried them: {@code POST /api/v1/feed} pointed at the
 * server's own secrets, at system files, at internal services and at the server's own ports, and
 * {@code GET /api/v1/feed} read for the feeds' credentials. Each attack is refused with a 4xx (or names the failure
 * of a remote feed server) and no answer nor log line carries what was attacked.
 */
class FeedAttacksIT {

    private static final String FEED = """
            {"feedinfo": {"name": "guarded", "display_name": "Guarded", "provider_url": "https://intel.example",
              "summary": "s", "tech_data": "t"},
             "reports": [{"id": "r1", "timestamp": 1700000000, "link": "https://intel.example/r1", "title": "t",
               "score": 90, "iocs": {"md5": ["d41d8cd98f00b204e9800998ecf8427e"]}}]}""";

    /** A secret a feed server of the test answers with; it must never come back. */
    private static final String SECRET = "hunter2-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream stderr;
    private final List<HttpServer> feedServers = new ArrayList<>();

    @BeforeEach
    void captureTheLog() {
        // slf4j-simple writes to System.err as it is when each line is logged.
        stderr = System.err;
        System.setErr(new PrintStream(new TeeStream(stderr, log), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(stderr);
        for (HttpServer s : feedServers) s.stop(0);
    }

    private String logged() {
        return log.toString(StandardCharsets.UTF_8);
    }

    private static TestServer.Response addFeed(TestServer t, String url) throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode().put("feed_url", url);
        return t.post("/api/v1/feed", body.toString());
    }

    private static void assertNotIn(String secret, String where, String text) {
        assertFalse(secret.isEmpty());
        assertFalse(text.contains(secret), where + " carries the secret: " + text);
    }

    @Test
    void fileUrlsCannotReadTheServersSecretsNorSystemFiles() throws Exception {
        Path data = dir.resolve("data");
        try (TestServer t = TestServer.start(data)) {
            String busPassword =
                    Files.readString(data.resolve("bus").resolve("cb.password")).strip();
            String keystorePassword = Files.readString(data.resolve("tls").resolve("server.p12.password"))
                    .strip();
            Path linkToSecret = Files.createSymbolicLink(
                    dir.resolve("innocent.json"), data.resolve("bus").resolve("cb.password"));
            Path linkToData = Files.createSymbolicLink(dir.resolve("elsewhere"), data);
            Files.createDirectories(dir.resolve("feeds"));
            List<String> attacks = List.of(
                    data.resolve("bus").resolve("cb.password").toUri().toString(),
                    data.resolve("tls").resolve("server.p12.password").toUri().toString(),
                    linkToSecret.toUri().toString(),
                    linkToData
                            .resolve("tls")
                            .resolve("server.p12.password")
                            .toUri()
                            .toString(),
                    "file://" + dir.resolve("feeds") + "/../data/bus/cb.password",
                    "file:///proc/self/environ",
                    "file:///proc/self/cmdline",
                    "file:///dev/zero");
            for (String url : attacks) {
                TestServer.Response r = addFeed(t, url);
                assertEquals(400, r.status(), url + ": " + r.text());
                assertEquals("feed_url_denied", r.json().get("reason").asText(), url);
                assertNotIn(busPassword, url, r.text());
                assertNotIn(keystorePassword, url, r.text());
                assertNotIn(data.toString(), url + " (the data directory)", r.text());
            }
            // Not the server's, but the operating system's: unreadable for the server, and not echoed either way.
            TestServer.Response shadow = addFeed(t, "file:///etc/shadow");
            assertTrue(shadow.status() >= 400 && shadow.status() < 600, shadow.text());
            assertNotIn("root:", "/etc/shadow", shadow.text());

            TestServer.Response opaque = addFeed(t, "file:foo");
            assertEquals(400, opaque.status(), opaque.text());
            assertEquals("bad_feed_url", opaque.json().get("reason").asText());
            assertEquals(400, addFeed(t, "file://otherhost/etc/passwd").status());
            assertEquals(400, addFeed(t, "http://127.0.0.1:99999/feed").status());
            assertEquals(400, addFeed(t, "https://user:pass@127.0.0.1/feed").status());

            assertEquals(0, t.get("/api/v1/feed").json().size(), "nothing was added");
            assertEquals(
                    List.of(), listFiles(data.resolve("feeds")), "no fetched copy is left behind by a refused feed");
            assertNotIn(busPassword, "the log", logged());
            assertNotIn(keystorePassword, "the log", logged());
        }
    }

    @Test
    void onlyGlobalAdministratorsMayNameFiles() throws Exception {
        Path feedFile = Files.writeString(dir.resolve("feed.json"), FEED);
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            String analystToken = new ApiCalls(t).createUser("analyst", null, false);
            TestServer.Response r = t.send(HttpRequest.newBuilder(URI.create(t.server.url() + "/api/v1/feed"))
                    .header("X-Auth-Token", analystToken)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"feed_url\": \"" + feedFile.toUri() + "\"}")));
            assertEquals(403, r.status(), r.text());
            assertEquals(0, t.get("/api/v1/feed").json().size());
            assertEquals(200, addFeed(t, feedFile.toUri().toString()).status(), "the admin may");
        }
    }

    @Test
    void httpFeedErrorsNameTheFailureAndNeverWhatTheServerSent() throws Exception {
        Path data = dir.resolve("data");
        try (TestServer t = TestServer.start(data, "feed-timeout-seconds", "2", "feed-max-bytes", "65536")) {
            String base = feedServer(ex -> {
                switch (ex.getRequestURI().getPath()) {
                    case "/secret" -> answer(ex, 200, "db_password=" + SECRET);
                    case "/json" -> answer(ex, 200, "{\"password\": \"" + SECRET + "\"}");
                    case "/teapot" -> answer(ex, 418, "I am a teapot with " + SECRET);
                    case "/to-file" ->
                        redirect(
                                ex,
                                data.resolve("bus")
                                        .resolve("cb.password")
                                        .toUri()
                                        .toString());
                    case "/to-own-port" -> redirect(ex, t.server.url() + "/api/info");
                    case "/slow" -> {
                        ex.sendResponseHeaders(200, 0);
                        try (OutputStream out = ex.getResponseBody()) {
                            for (int i = 0; i < 100; i++) {
                                out.write(' ');
                                out.flush();
                                Thread.sleep(100);
                            }
                        } catch (IOException | InterruptedException e) {
                            // the server gave up, as it should
                        }
                    }
                    case "/huge" -> {
                        ex.sendResponseHeaders(200, 0);
                        try (OutputStream out = ex.getResponseBody()) {
                            out.write("{\"reports\": [".getBytes(StandardCharsets.UTF_8));
                            byte[] spaces = " ".repeat(8192).getBytes(StandardCharsets.UTF_8);
                            for (int i = 0; i < 10_000; i++) out.write(spaces);
                        } catch (IOException e) {
                            // cut off at the limit
                        }
                    }
                    default -> answer(ex, 404, SECRET);
                }
            });
            expect(t, base + "/secret", 409, "invalid_feed");
            expect(t, base + "/json", 409, "invalid_feed");
            TestServer.Response teapot = expect(t, base + "/teapot", 502, "feed_unreachable");
            assertEquals(
                    "the feed server answered HTTP 418",
                    teapot.json().get("message").asText());
            expect(t, base + "/to-file", 400, "feed_url_denied");
            expect(t, base + "/to-own-port", 400, "feed_url_denied");
            long started = System.nanoTime();
            expect(t, base + "/slow", 408, "feed_timeout");
            assertTrue(
                    System.nanoTime() - started < 8_000_000_000L, "cut at the time limit, not at the end of the body");
            TestServer.Response huge = expect(t, base + "/huge", 502, "feed_too_large");
            assertTrue(huge.json().get("message").asText().contains("65536"), huge.text());

            // The server's own ports, on loopback and on the wildcard address, and the cloud metadata address.
            int httpsPort = t.server.port();
            int busPort =
                    URI.create(t.server.busUrl().replace("amqp://", "http://")).getPort();
            for (String url : List.of(
                    "https://127.0.0.1:" + httpsPort + "/api/info",
                    "https://localhost:" + httpsPort + "/api/info",
                    "http://0.0.0.0:" + httpsPort + "/",
                    "http://127.0.0.1:" + busPort + "/",
                    "http://169.254.169.254/latest/meta-data/")) {
                expect(t, url, 400, "feed_url_denied");
            }
            assertEquals(0, t.get("/api/v1/feed").json().size(), "nothing was added");
            assertEquals(List.of(), listFiles(data.resolve("feeds")), "no fetched copy is left behind");
            assertNotIn(SECRET, "the log", logged());
        }
    }

    @Test
    void feedCredentialsAreWriteOnlyAndKeptWhenSentBackMasked() throws Exception {
        String password = "s3cret-" + SECRET;
        String clientKey =
                "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI" + SECRET + "\n-----END PRIVATE KEY-----";
        String expected =
                "Basic " + Base64.getEncoder().encodeToString(("analyst:" + password).getBytes(StandardCharsets.UTF_8));
        List<String> seen = new CopyOnWriteArrayList<>();
        String base = feedServer(ex -> {
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            seen.add(auth);
            if (auth.equals(expected)) answer(ex, 200, FEED);
            else answer(ex, 401, "who are you");
        });
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            ObjectNode add = Json.MAPPER
                    .createObjectNode()
                    .put("feed_url", base + "/feed.json")
                    .put("username", "analyst")
                    .put("password", password)
                    .put("ssl_client_crt", "-----BEGIN CERTIFICATE-----\npublic\n-----END CERTIFICATE-----")
                    .put("ssl_client_key", clientKey);
            TestServer.Response added = t.post("/api/v1/feed", add.toString());
            assertEquals(200, added.status(), added.text());
            long id = added.json().get("id").asLong();
            JsonNode one = t.get("/api/v1/feed/" + id).json();
            for (JsonNode f :
                    List.of(added.json(), one, t.get("/api/v1/feed").json().get(0))) {
                assertEquals("********", f.get("password").asText());
                assertEquals("********", f.get("ssl_client_key").asText());
                assertEquals("analyst", f.get("username").asText());
                assertTrue(f.get("ssl_client_crt").asText().contains("public"), "the certificate is public");
                assertNotIn(SECRET, "a feed answer", f.toString());
            }

            // cbapi's save(): the whole object as read, with one change.
            ObjectNode changed = ((ObjectNode) one.deepCopy()).put("order", 7);
            TestServer.Response put = put(t, "/api/v1/feed/" + id, changed.toString());
            assertEquals(200, put.status(), put.text());
            assertNotIn(SECRET, "the PUT answer", put.text());
            seen.clear();
            TestServer.Response synced = t.post("/api/v1/feed/" + id + "/synchronize", "{}");
            assertEquals(200, synced.status(), synced.text());
            assertEquals(List.of(expected), seen, "the stored password still goes to the feed server");
            assertEquals(
                    clientKey, t.server.feeds().store().find(id).orElseThrow().sslClientKey());
            assertNotIn(
                    SECRET,
                    "a feed as logged",
                    t.server.feeds().store().find(id).orElseThrow().toString());
            assertEquals(7, t.get("/api/v1/feed/" + id).json().get("order").asInt());

            // The masked password does not follow the feed to another server ...
            ObjectNode moved = ((ObjectNode) one.deepCopy()).put("feed_url", "http://localhost:1/feed.json");
            TestServer.Response refused = put(t, "/api/v1/feed/" + id, moved.toString());
            assertEquals(400, refused.status(), refused.text());
            assertEquals("feed_password_required", refused.json().get("reason").asText());
            // ... nor to the same server once its certificate is no longer checked (anyone could pose as it) ...
            ObjectNode unchecked = ((ObjectNode) one.deepCopy()).put("validate_server_cert", false);
            TestServer.Response uncheckedRefused = put(t, "/api/v1/feed/" + id, unchecked.toString());
            assertEquals(400, uncheckedRefused.status(), uncheckedRefused.text());
            assertEquals(
                    "feed_password_required",
                    uncheckedRefused.json().get("reason").asText());
            assertTrue(
                    t.get("/api/v1/feed/" + id)
                            .json()
                            .get("validate_server_cert")
                            .asBoolean(),
                    "nothing changed");
            TestServer.Response uncheckedWithPassword = put(
                    t, "/api/v1/feed/" + id, unchecked.put("password", password).toString());
            assertEquals(200, uncheckedWithPassword.status(), uncheckedWithPassword.text());
            // ... and the mask is never a new feed's password.
            TestServer.Response masked = t.post(
                    "/api/v1/feed",
                    add.put("password", "********")
                            .put("feed_url", base + "/other.json")
                            .toString());
            assertEquals(400, masked.status(), masked.text());

            assertNotIn(SECRET, "the log", logged());
        }
    }

    @Test
    void overlongSettingsAreRefusedBeforeTheFeedIsFetched() throws Exception {
        List<String> fetched = new CopyOnWriteArrayList<>();
        String base = feedServer(ex -> {
            fetched.add(ex.getRequestURI().toString());
            answer(ex, 200, FEED);
        });
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            for (String field : List.of("username", "password", "ssl_client_key", "ssl_client_crt")) {
                ObjectNode add = Json.MAPPER
                        .createObjectNode()
                        .put("feed_url", base + "/feed.json")
                        .put(field, "x".repeat(20_000));
                TestServer.Response r = t.post("/api/v1/feed", add.toString());
                assertEquals(400, r.status(), field + ": " + r.text());
            }
            TestServer.Response longUrl = addFeed(t, base + "/feed.json?" + "x".repeat(3000));
            assertEquals(400, longUrl.status(), longUrl.text());
            assertEquals(List.of(), fetched, "no request went out for a feed that could not be kept");
            assertEquals(200, addFeed(t, base + "/feed.json").status(), "the same feed with sane settings is fetched");
            assertEquals(1, fetched.size());
        }
    }

    private TestServer.Response expect(TestServer t, String url, int status, String reason) throws Exception {
        TestServer.Response r = addFeed(t, url);
        assertEquals(status, r.status(), url + ": " + r.text());
        assertEquals(reason, r.json().get("reason").asText(), url + ": " + r.text());
        assertNotIn(SECRET, url, r.text());
        assertFalse(r.text().contains("127.0.0.1:"), url + ": the URL is not repeated: " + r.text());
        return r;
    }

    private static TestServer.Response put(TestServer t, String path, String json) throws Exception {
        return t.send(HttpRequest.newBuilder(URI.create(t.server.url() + path))
                .header("X-Auth-Token", t.token)
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    private String feedServer(Handler handler) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/", ex -> {
            try (ex) {
                handler.handle(ex);
            }
        });
        s.start();
        feedServers.add(s);
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
    }

    private static List<Path> listFiles(Path d) throws IOException {
        if (!Files.isDirectory(d)) return List.of();
        try (var s = Files.list(d)) {
            return s.toList();
        }
    }

    /** Writes to two streams: the console as before, and the buffer the test reads. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
