package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client is told when a request fails, exactly: status, {@code reason} and {@code message} for the refusals
 * of every domain (searches, bans, feeds, watchlists, partitions, sensor registration and uploads) and of the HTTP
 * edge itself; and that an unexpected failure answers 500 with an error id and nothing of the exception.
 */
class ErrorAnswersIT {

    private static final String MD5 = "0123456789abcdef0123456789abcdef";
    private static final String UNBALANCED = "unbalanced parenthesis: '(' is never closed (at position 0)";
    private static final String FEED = """
            {"feedinfo": {"name": "errfeed", "display_name": "Errors", "provider_url": "https://intel.example",
              "summary": "s", "tech_data": "t", "category": "First Party"},
             "reports": [{"id": "r1", "timestamp": 1700000000, "link": "https://intel.example/r1", "title": "t",
              "score": 50, "iocs": {"md5": ["d41d8cd98f00b204e9800998ecf8427e"]}}]}""";

    @TempDir
    static Path dir;

    static TestServer server;
    static SensorClient.Identity sensor;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        RegisterResponse r = server.sensorClient()
                .register(new RegisterRequest("ERR-HOST", null, "windows", "server", null, null, null, 1), "");
        sensor = new SensorClient.Identity(r.sensorId(), r.secret());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** One expected answer; {@link #check} collects every mismatch before failing, so one run shows them all. */
    private record Expected(String request, int status, String reason, String message) {}

    private final List<String> mismatches = new ArrayList<>();

    private void check(Expected e, TestServer.Response r) {
        JsonNode body;
        try {
            body = r.json();
        } catch (AssertionError notJson) {
            mismatches.add(e.request + ": not JSON: " + r.text());
            return;
        }
        String got = r.status() + " " + body.path("reason").asText() + " "
                + body.path("message").asText();
        String want = e.status + " " + e.reason + " " + e.message;
        if (!got.equals(want)) mismatches.add(e.request + "\n   want: " + want + "\n   got:  " + got);
    }

    private void assertNoMismatches() {
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.server.url() + path)).header("X-Auth-Token", server.token);
    }

    private static TestServer.Response get(String path) throws Exception {
        return server.get(path);
    }

    private static TestServer.Response post(String path, String json) throws Exception {
        return server.post(path, json);
    }

    private static TestServer.Response delete(String path) throws Exception {
        return server.send(request(path).DELETE());
    }

    private static TestServer.Response sensorPost(
            String path, String sensorId, String secret, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.server.url() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (sensorId != null) b.header("X-Sensor-Id", sensorId);
        if (secret != null) b.header("X-Sensor-Secret", secret);
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return server.send(b);
    }

    @Test
    void searchesRefuseBadQueriesAndParameters() throws Exception {
        String invalid = "invalid_parameter";
        check(
                new Expected("process sort", 400, invalid, "sort must be '<field> asc|desc'"),
                get("/api/v1/process?sort=" + q("a b c")));
        check(
                new Expected("process sort direction", 400, invalid, "sort direction must be asc or desc"),
                get("/api/v1/process?sort=" + q("start up")));
        check(
                new Expected("process sort field", 400, invalid, "cannot sort on unknown field 'nosuch'"),
                get("/api/v1/process?sort=nosuch"));
        check(
                new Expected("process rows", 400, invalid, "parameter 'rows' must not be negative"),
                get("/api/v1/process?rows=-1"));
        check(
                new Expected("process start", 400, invalid, "parameter 'start' must be an integer"),
                get("/api/v1/process?start=x"));
        check(
                new Expected("process facet", 400, invalid, "'nosuch' is not a process facet field"),
                get("/api/v1/process?facet=true&facet.field=nosuch"));
        check(
                new Expected("process cb.group", 400, invalid, "cb.group supports only 'id' (one row per process)"),
                get("/api/v1/process?cb.group=x"));
        check(
                new Expected(
                        "process window",
                        400,
                        invalid,
                        "parameter 'cb.min_last_update' must be a UTC time like 2016-12-01T00:00:00Z"),
                get("/api/v1/process?cb.min_last_update=yesterday"));
        check(
                new Expected("process query", 400, "query_malformed_syntax", UNBALANCED),
                get("/api/v1/process?q=" + q("(process_name:a")));
        check(
                new Expected(
                        "process form body",
                        400,
                        invalid,
                        "malformed query string near 'q=%zz': URLDecoder: Illegal hex characters in escape (%) pattern - not a hexadecimal digit: \"z\" = 122"),
                server.send(request("/api/v1/process")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("q=%zz"))));
        check(
                new Expected("binary sort field", 400, invalid, "cannot sort on unknown field 'nosuch'"),
                get("/api/v1/binary?sort=nosuch"));
        check(
                new Expected("binary query", 400, "query_malformed_syntax", UNBALANCED),
                get("/api/v1/binary?q=" + q("(digsig_result:signed")));
        check(
                new Expected("alert sort field", 400, invalid, "cannot sort on unknown field 'nosuch'"),
                get("/api/v2/alert?sort=nosuch"));
        check(
                new Expected("threat report query", 400, "query_malformed_syntax", UNBALANCED),
                get("/api/v1/threat_report?q=" + q("(title:a")));
        check(
                new Expected(
                        "alert status",
                        400,
                        "invalid_status",
                        "status must be one of [Unresolved, In Progress, Resolved, False Positive], not 'bogus'"),
                post("/api/v1/alerts", "{\"query\": \"q=\", \"requested_status\": \"bogus\"}"));
        assertNoMismatches();
    }

    @Test
    void aStartBeyondAnyResultIsAnEmptyPageNotAFailure() throws Exception {
        TestServer.Response r = get("/api/v1/binary?start=2147483647&rows=10");
        assertEquals(200, r.status(), r.text());
        assertEquals(0, r.json().get("results").size());
    }

    @Test
    void bansFeedsWatchlistsAndPartitionsSayWhatIsWrong() throws Exception {
        check(
                new Expected("ban md5", 400, "invalid_md5", "not an MD5 (32 hex digits): 'xyz'"),
                get("/api/v1/banning/blacklist/xyz"));
        check(
                new Expected("ban count", 400, "invalid_parameter", "parameter 'count' must be an integer"),
                get("/api/v1/banning/blacklist?count=x"));
        String ban = "{\"md5hash\": \"" + MD5.toUpperCase() + "\", \"text\": \"t\"}";
        assertEquals(200, post("/api/v1/banning/blacklist", ban).status());
        check(
                new Expected("ban twice", 409, "already_banned", MD5 + " is already banned"),
                post("/api/v1/banning/blacklist", ban));

        check(
                new Expected(
                        "feed scheme",
                        400,
                        "bad_feed_url",
                        "feed_url must be an https, http or file URL: ftp://x/feed"),
                post("/api/v1/feed", "{\"feed_url\": \"ftp://x/feed\"}"));
        String badUri = "http://exa mple/feed";
        String uriMessage;
        try {
            new URI(badUri);
            throw new AssertionError("expected a URI syntax error");
        } catch (URISyntaxException e) {
            uriMessage = e.getMessage();
        }
        check(
                new Expected("feed url syntax", 400, "bad_feed_url", uriMessage),
                post("/api/v1/feed", "{\"feed_url\": \"" + badUri + "\"}"));
        check(
                new Expected("feed url missing", 400, "missing_feed_url", "feed_url is required"),
                post("/api/v1/feed", "{}"));
        Path notAFeed = Files.writeString(dir.resolve("list.json"), "[]");
        check(
                new Expected("invalid feed", 409, "invalid_feed", "not a valid feed: a feed is a JSON object"),
                post("/api/v1/feed", "{\"feed_url\": \"" + notAFeed.toUri() + "\"}"));
        Path missing = dir.resolve("missing.json");
        check(
                new Expected("unreachable feed", 502, "feed_unreachable", "no file at the feed URL's path"),
                post("/api/v1/feed", "{\"feed_url\": \"" + missing.toUri() + "\"}"));
        Path feedFile = Files.writeString(dir.resolve("feed.json"), FEED);
        TestServer.Response added =
                post("/api/v1/feed", "{\"feed_url\": \"" + feedFile.toUri() + "\", \"enabled\": false}");
        assertEquals(200, added.status(), added.text());
        long feedId = added.json().get("id").asLong();
        check(
                new Expected("feed twice", 409, "feed_exists", "a feed named errfeed exists already"),
                post("/api/v1/feed", "{\"feed_url\": \"" + feedFile.toUri() + "\"}"));
        check(
                new Expected("disabled feed", 409, "feed_disabled", "feed " + feedId + " is disabled"),
                post("/api/v1/feed/" + feedId + "/synchronize", "null"));
        check(new Expected("feed id", 400, "bad_id", "feed id must be a number: x"), get("/api/v1/feed/x"));
        check(new Expected("unknown feed", 404, "not_found", "feed 987654 not found"), get("/api/v1/feed/987654"));
        check(
                new Expected("report feed id", 400, "invalid_parameter", "feed id must be a number: x"),
                get("/api/v1/feed/x/report/r1"));
        check(
                new Expected(
                        "threat report update",
                        406,
                        "invalid_parameters",
                        "updates.is_ignored (true or false) is required"),
                post("/api/v1/threat_report", "{\"updates\": {}}"));

        check(
                new Expected(
                        "watchlist index type",
                        400,
                        "invalid_index_type",
                        "index_type must be 'events' or 'modules', not 'nope'"),
                post("/api/v1/watchlist", "{\"name\": \"w\", \"search_query\": \"q=x\", \"index_type\": \"nope\"}"));
        check(
                new Expected("watchlist query", 400, "query_malformed_syntax", UNBALANCED),
                post(
                        "/api/v1/watchlist",
                        "{\"name\": \"w\", \"search_query\": \"cb.urlver=1&q=%28process_name%3Aa\"}"));
        check(
                new Expected("watchlist id", 400, "invalid_parameter", "watchlist id must be a number: x"),
                get("/api/v1/watchlist/x"));

        check(
                new Expected("unknown partition", 404, "not_found", "no partition named 'nope'"),
                post("/api/v1/storage/events/nope/mount", "null"));
        check(
                new Expected(
                        "hot partition",
                        409,
                        "hot_partition",
                        "the hot partition 'writer' receives new data and cannot be deleted; roll it first"),
                delete("/api/v1/storage/events/writer"));

        check(
                new Expected("process guid", 404, "not_found", "process not-a-guid not found"),
                get("/api/v1/process/not-a-guid"));
        check(
                new Expected(
                        "segment id",
                        400,
                        "invalid_parameter",
                        "segment must be a decimal segment id (0 = whole process)"),
                get("/api/v1/process/00000001-0000-0001-0000-000000000001/x/event"));
        assertNoMismatches();
    }

    @Test
    void theHttpEdgeRefusesInItsOwnTerms() throws Exception {
        check(
                new Expected("no token", 401, "unauthorized", "missing or invalid X-Auth-Token"),
                server.getWithToken("/api/info", null));
        check(new Expected("no route", 404, "not_found", "route /api/v1/nosuch not found"), get("/api/v1/nosuch"));
        check(
                new Expected("wrong method", 405, "method_not_allowed", "DELETE is not supported on /api/info"),
                delete("/api/info"));
        assertNoMismatches();
        // The parser's own words follow (where in the body); they are about the request, not the server.
        TestServer.Response badJson = post("/api/v1/watchlist", "{");
        assertEquals(400, badJson.status());
        assertEquals("invalid_json", badJson.json().get("reason").asText());
        assertTrue(
                badJson.json().get("message").asText().startsWith("request body is not valid JSON: "), badJson.text());
    }

    @Test
    void sensorsAreToldWhyARegistrationOrUploadIsRefused() throws Exception {
        byte[] none = new byte[0];
        check(
                new Expected("no hostname", 400, "invalid_registration", "hostname is required"),
                sensorPost("/sensor/v1/register", null, null, "{\"hostname\": \"\"}".getBytes()));
        check(
                new Expected("os type", 400, "invalid_registration", "os_type must be windows, linux or osx"),
                sensorPost(
                        "/sensor/v1/register", null, null, "{\"hostname\": \"h\", \"os_type\": \"beos\"}".getBytes()));
        check(
                new Expected("group", 400, "invalid_registration", "unknown group_id 99"),
                sensorPost("/sensor/v1/register", null, null, "{\"hostname\": \"h\", \"group_id\": 99}".getBytes()));
        check(
                new Expected("not an object", 400, "invalid_registration", "body must be a JSON object"),
                sensorPost("/sensor/v1/register", null, null, "[]".getBytes()));

        String id = Integer.toString(sensor.sensorId());
        check(
                new Expected("sensor id", 401, "unauthorized", "missing or invalid X-Sensor-Id"),
                sensorPost("/sensor/v1/eventlog?upload_id=u1", "x", "s", none));
        check(
                new Expected("secret", 401, "unauthorized", "unknown sensor or bad secret"),
                sensorPost("/sensor/v1/eventlog?upload_id=u1", id, "wrong", none));
        check(
                new Expected(
                        "upload id", 400, "bad_upload_id", "upload_id must be 1-128 characters of A-Z a-z 0-9 . _ : -"),
                sensorPost("/sensor/v1/eventlog?upload_id=" + q("a b"), id, sensor.secret(), none));
        check(
                new Expected("binary md5", 400, "bad_md5", "'xyz' is not an MD5 (32 hex digits)"),
                sensorPost("/sensor/v1/binary?md5=xyz", id, sensor.secret(), "data".getBytes()));
        check(
                new Expected(
                        "binary gzip",
                        400,
                        "malformed_upload",
                        "Content-Encoding is gzip but the body is not: Not in GZIP format"),
                sensorPost(
                        "/sensor/v1/binary?md5=" + MD5,
                        id,
                        sensor.secret(),
                        "data".getBytes(),
                        "Content-Encoding",
                        "gzip"));
        check(
                new Expected(
                        "binary mismatch",
                        400,
                        "md5_mismatch",
                        "the content's MD5 is 8D777F385D3DFEC8815D20F7496026DC, not " + MD5.toUpperCase()
                                + " (truncated or altered upload)"),
                sensorPost("/sensor/v1/binary?md5=" + MD5, id, sensor.secret(), "data".getBytes()));
        assertNoMismatches();
    }

    /**
     * A real failure the request did not cause: the binary store's working directory is gone (a disk replaced, an
     * operator's clean-up). The answer says there was an internal error and gives the id the log has; nothing of the
     * exception (its type, the path it names) reaches the sensor.
     */
    @Test
    void anUnexpectedFailureAnswersAnErrorIdAndNoInternals() throws Exception {
        Path tmp = dir.resolve("data").resolve("binaries").resolve("tmp");
        Files.delete(tmp);
        try {
            byte[] content = "a binary nobody has yet".getBytes(StandardCharsets.UTF_8);
            TestServer.Response r = sensorPost(
                    "/sensor/v1/binary?md5=" + md5(content),
                    Integer.toString(sensor.sensorId()),
                    sensor.secret(),
                    content);
            assertEquals(500, r.status(), r.text());
            JsonNode body = r.json();
            assertEquals(List.of("reason", "message", "error_id"), fieldNames(body));
            assertEquals("internal_error", body.get("reason").asText());
            String errorId = body.get("error_id").asText();
            assertTrue(errorId.matches("[0-9a-f]{16}"), errorId);
            assertEquals("internal error, id " + errorId, body.get("message").asText());
            String text = r.text();
            for (String internal : List.of("Exception", "java.", "binaries", "tmp", ".part", dir.toString())) {
                assertFalse(text.contains(internal), "the answer shows '" + internal + "': " + text);
            }
        } finally {
            Files.createDirectory(tmp);
        }
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String md5(byte[] content) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5").digest(content));
    }
}
