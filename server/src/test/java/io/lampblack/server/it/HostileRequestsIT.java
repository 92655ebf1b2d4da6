package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.support.RawHttps;
import io.lampblack.server.support.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests an attacker sends to make the server fail (issue 12, items 10 to 13): bytes that are not UTF-8 in query
 * strings and paths, requests Jetty itself refuses, text longer than the server keeps, paging at the end of the int
 * range, oversized bodies sent whole, and queries that expand to tens of thousands of clauses. Each is answered with a
 * 4xx in the one JSON error shape, and the server goes on answering.
 */
class HostileRequestsIT {

    private static final String NOT_UTF8 = "the query string is not valid percent-encoded UTF-8";

    @TempDir
    static Path dir;

    static TestServer server;
    static URI url;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        url = URI.create(server.server.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertRefused(int status, String reason, String message, TestServer.Response r) {
        JsonNode body = r.json();
        assertEquals(
                status + " " + reason + " " + message,
                r.status() + " " + body.path("reason").asText() + " "
                        + body.path("message").asText(),
                r.text());
    }

    // ---------------------------------------------------------------------------------- item 10: not UTF-8

    @Test
    void aQueryStringThatIsNotUtf8IsABadRequest() throws Exception {
        for (String path : List.of(
                "/api/v1/process?q=process_name:%ED%A0%80",
                "/api/v1/binary?q=%ff",
                "/api/v2/alert?q=%C0%AF",
                "/api/v1/threat_report?q=%ED%A0%80",
                "/api/v1/process?rows=%80")) {
            assertRefused(400, "invalid_parameter", NOT_UTF8, server.get(path));
        }
    }

    /** The probe's 1,000 random-byte queries answered 500 992 times; none may now. */
    @Test
    void randomBytesInAQueryStringNeverAnswer500() throws Exception {
        Random random = new Random(12);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[1 + random.nextInt(12)];
            random.nextBytes(b);
            StringBuilder encoded = new StringBuilder("q=process_name:");
            for (byte x : b) encoded.append('%').append(HexFormat.of().toHexDigits(x));
            TestServer.Response r = server.get("/api/v1/process?" + encoded);
            // Bytes that happen to be UTF-8 are a query like any other; the rest are refused, in the error shape.
            boolean refusedAsJson = r.status() == 400 && r.json().hasNonNull("reason");
            if (r.status() != 200 && !refusedAsJson) failures.add(encoded + " -> " + r.status() + " " + r.text());
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** Paths with bytes that are not UTF-8, escaped and raw, and requests Jetty refuses before any route sees them. */
    @Test
    void malformedPathsAndProtocolErrorsAnswerTheJsonErrorShape() throws Exception {
        List<String> requests = List.of(
                "GET /api/v1/process/%ED%A0%80 HTTP/1.1\r\n",
                "GET /api/v1/%ff%fe HTTP/1.1\r\n",
                "GET /api/v1/process?q=%zz HTTP/1.1\r\n",
                "GET /api/info HTTP/1.1\r\nX-Big: " + "x".repeat(20_000) + "\r\n",
                "GET /api/info HTTP/1.1\r\nBad Header Line\r\n");
        for (String request : requests) {
            try (SSLSocket s = RawHttps.open(url, 10_000)) {
                OutputStream out = s.getOutputStream();
                out.write((request + "Host: x\r\nX-Auth-Token: " + server.token + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                RawHttps.Response r = RawHttps.read(s.getInputStream());
                String shown = request.substring(0, Math.min(60, request.length()));
                assertTrue(r.status() >= 400 && r.status() < 500, shown + " -> " + r.status() + "\n" + r.text());
                assertTrue(r.head().toLowerCase().contains("content-type: application/json"), shown + ": " + r.head());
                JsonNode body = io.lampblack.server.json.Json.MAPPER.readTree(r.body());
                assertTrue(body.hasNonNull("reason") && body.hasNonNull("message"), shown + ": " + r.text());
                assertFalse(r.text().contains("<html"), r.text());
            }
        }
        assertEquals(200, server.get("/api/info").status());
    }

    // ---------------------------------------------------------------------------------- item 11: lengths, paging

    @Test
    void textLongerThanTheServerKeepsIsRefusedNamingTheField() throws Exception {
        String tooLong = "n".repeat(513);
        assertRefused(
                400,
                "value_too_long",
                "'name' must be at most 512 characters",
                server.post("/api/v1/watchlist", "{\"name\": \"" + tooLong + "\", \"search_query\": \"q=a\"}"));
        String longest = "n".repeat(512);
        TestServer.Response made =
                server.post("/api/v1/watchlist", "{\"name\": \"" + longest + "\", \"search_query\": \"q=a\"}");
        assertEquals(200, made.status(), made.text());
        long id = made.json().get("id").asLong();
        assertRefused(
                400,
                "value_too_long",
                "'description' must be at most 8192 characters",
                server.send(HttpRequest.newBuilder(url.resolve("/api/v1/watchlist/" + id))
                        .header("X-Auth-Token", server.token)
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"description\": \"" + "d".repeat(8193) + "\"}"))));
        assertRefused(
                400,
                "value_too_long",
                "'action_data' must be at most 16384 characters",
                server.post(
                        "/api/v1/watchlist/" + id + "/action",
                        "{\"action_type\": 1, \"action_data\": \"" + "a".repeat(16385) + "\"}"));
        assertRefused(
                400,
                "value_too_long",
                "'text' must be at most 4096 characters",
                server.post(
                        "/api/v1/banning/blacklist",
                        "{\"md5hash\": \"0123456789abcdef0123456789abcdef\", \"text\": \"" + "t".repeat(4097) + "\"}"));
        assertRefused(
                400,
                "value_too_long",
                "'assigned_to' must be at most 255 characters",
                server.post(
                        "/api/v1/alerts", "{\"alert_ids\": [\"x\"], \"assigned_to\": \"" + "u".repeat(256) + "\"}"));
        Path feed = Files.writeString(dir.resolve("feed.json"), """
                {"feedinfo": {"name": "longfeed", "display_name": "L", "provider_url": "https://intel.example",
                  "summary": "s", "tech_data": "t"}, "reports": []}""");
        assertRefused(
                400,
                "value_too_long",
                "'username' must be at most 256 characters",
                server.post(
                        "/api/v1/feed",
                        "{\"feed_url\": \"" + feed.toUri() + "\", \"username\": \"" + "u".repeat(257) + "\"}"));
        Path longFeed = Files.writeString(dir.resolve("long-feed.json"), """
                {"feedinfo": {"name": "longfeed", "display_name": "L", "provider_url": "https://intel.example",
                  "summary": "%s", "tech_data": "t"}, "reports": []}""".formatted("s".repeat(8193)));
        TestServer.Response r = server.post("/api/v1/feed", "{\"feed_url\": \"" + longFeed.toUri() + "\"}");
        assertEquals(400, r.status(), r.text());
        assertEquals(
                "'feedinfo.summary' must be at most 8192 characters",
                r.json().get("message").asText());
        TestServer.Response sensor = server.send(HttpRequest.newBuilder(url.resolve("/sensor/v1/register"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"hostname\": \"h\", \"build_version\": \"" + "9".repeat(65) + "\"}")));
        assertRefused(400, "invalid_registration", "build_version is longer than 64 characters", sensor);
        assertEquals(200, server.get("/api/v1/watchlist").status());
    }

    @Test
    void pagingAtTheEndOfTheIntRangeIsAnEmptyPage() throws Exception {
        for (String search : List.of("/api/v1/process", "/api/v1/binary", "/api/v2/alert", "/api/v1/threat_report")) {
            for (String paging : List.of(
                    "start=2147483647&rows=2147483647", "start=2147483640&rows=100", "start=0&rows=2147483647")) {
                TestServer.Response r = server.get(search + "?" + paging);
                assertEquals(200, r.status(), search + "?" + paging + ": " + r.text());
                assertEquals(0, r.json().get("results").size(), search + "?" + paging);
            }
            assertRefused(
                    400,
                    "invalid_parameter",
                    "parameter 'start' must be an integer",
                    server.get(search + "?start=2147483648"));
        }
    }

    // ---------------------------------------------------------------------------------- item 12: 413, read

    /** The whole oversized body is written before the answer is read, as a client that does not read early does. */
    @Test
    void anOversizedJsonBodySentWholeGetsIts413() throws Exception {
        byte[] body = ("{\"name\": \"" + "x".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.US_ASCII);
        try (SSLSocket s = RawHttps.open(url, 30_000)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("POST /api/v1/watchlist HTTP/1.1\r\nHost: x\r\nX-Auth-Token: " + server.token
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            RawHttps.Response r = RawHttps.read(in);
            assertEquals(413, r.status(), r.head() + r.text());
            assertEquals(
                    "request_too_large",
                    io.lampblack.server.json.Json.MAPPER
                            .readTree(r.body())
                            .get("reason")
                            .asText());
            // The body was read, so the connection is still good for the next request.
            out.write(("GET /api/info HTTP/1.1\r\nHost: x\r\nX-Auth-Token: " + server.token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(200, RawHttps.read(in).status());
        }
    }

    @Test
    void anOversizedChunkedBodySentWholeGetsIts413() throws Exception {
        try (SSLSocket s = RawHttps.open(url, 30_000)) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/process HTTP/1.1\r\nHost: x\r\nX-Auth-Token: " + server.token
                            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "y".repeat(64 << 10).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 40; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawHttps.Response r = RawHttps.read(s.getInputStream());
            assertEquals(413, r.status(), r.head() + r.text());
        }
    }

    // ---------------------------------------------------------------------------------- item 13: clauses

    /**
     * 2,000 OR'd prefix wildcards, unfielded: refused before any automaton is built, on both searches, and on process
     * search also when evaluated per process (comprehensive search translates each subtree on its own, so the limit
     * must be checked on the whole query first).
     */
    @Test
    void aQueryOfThousandsOfWildcardsIsRefusedBeforeItIsExpanded() throws Exception {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            if (i > 0) query.append(" OR ");
            query.append('w').append(Integer.toString(i, 36)).append('*');
        }
        String all = "q=" + q(query.toString());
        // Per process, each subtree holding an AND or NOT is translated on its own: one wildcard each.
        StringBuilder separate = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            if (i > 0) separate.append(" OR ");
            separate.append("(w").append(Integer.toString(i, 36)).append("* AND NOT a)");
        }
        String perProcess = "q=" + q(separate.toString()) + "&cb.comprehensive_search=true";
        for (List<String> searchAndForm : List.of(
                List.of("/api/v1/binary", all),
                List.of("/api/v1/process", all),
                List.of("/api/v1/process", perProcess))) {
            String search = searchAndForm.get(0);
            String form = searchAndForm.get(1);
            TestServer.Response r = server.send(HttpRequest.newBuilder(url.resolve(search))
                    .header("X-Auth-Token", server.token)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            assertEquals(400, r.status(), search + ": " + r.text());
            assertEquals("query_malformed_syntax", r.json().get("reason").asText());
            assertTrue(
                    r.json().get("message").asText().startsWith("the query expands to more than 16384 clauses"),
                    r.text());
        }
    }
}
