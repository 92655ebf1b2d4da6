package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/feed} as cbapi's {@code Feed} model uses it: add from a feed URL (validated first), list, get,
 * update, delete, and the errors for a bad feed, a name taken twice, an unreachable URL and unknown ids.
 */
class FeedApiIT {

    private static final String FEED = """
            {"feedinfo": {"name": "localintel", "display_name": "Local intel", "provider_url": "https://intel.example",
              "summary": "our own", "tech_data": "none", "category": "First Party", "provider_rating": 3.0},
             "reports": [
              {"id": "r1", "timestamp": 1700000000, "link": "https://intel.example/r1", "title": "bad hash", "score": 90,
               "iocs": {"md5": ["d41d8cd98f00b204e9800998ecf8427e"], "ipv4": ["203.0.113.7"]}},
              {"id": "r2", "timestamp": 1700000001, "link": "https://intel.example/r2", "title": "bad domain", "score": 40,
               "iocs": {"dns": ["evil.example"]}}]}""";

    @TempDir
    Path dir;

    private static TestServer.Response put(TestServer t, String path, String json) throws Exception {
        return t.send(HttpRequest.newBuilder(URI.create(t.server.url() + path))
                .header("X-Auth-Token", t.token)
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static TestServer.Response delete(TestServer t, String path) throws Exception {
        return t.send(HttpRequest.newBuilder(URI.create(t.server.url() + path))
                .header("X-Auth-Token", t.token)
                .DELETE());
    }

    @Test
    void feedLifecycle() throws Exception {
        Path feedFile = Files.writeString(dir.resolve("feed.json"), FEED);
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            TestServer.Response added = t.post(
                    "/api/v1/feed",
                    "{\"feed_url\": \"" + feedFile.toUri() + "\", \"enabled\": true, \"validate_server_cert\": false}");
            assertEquals(200, added.status(), added.text());
            JsonNode f = added.json();
            long id = f.get("id").asLong();
            assertTrue(id > 0);
            assertEquals("localintel", f.get("name").asText());
            assertEquals("Local intel", f.get("display_name").asText());
            assertEquals("First Party", f.get("category").asText());
            assertEquals(3.0, f.get("provider_rating").asDouble());
            assertTrue(f.get("enabled").asBoolean());
            assertEquals(feedFile.toUri().toString(), f.get("feed_url").asText());
            // Lampblack's own keys, which the console lists: the add was the first synchronisation.
            assertEquals(2, f.get("report_count").asLong());
            assertEquals(3, f.get("ioc_count").asLong());
            assertTrue(f.get("last_sync").isTextual(), f.toString());
            assertEquals("", f.get("last_sync_error").asText());
            assertEquals(
                    List.of(
                            "id",
                            "name",
                            "display_name",
                            "enabled",
                            "feed_url",
                            "provider_url",
                            "summary",
                            "tech_data",
                            "category",
                            "icon",
                            "icon_small",
                            "provider_rating",
                            "local_rating",
                            "order",
                            "manually_added",
                            "use_proxy",
                            "validate_server_cert",
                            "username",
                            "password",
                            "ssl_client_crt",
                            "ssl_client_key",
                            "requires",
                            "requires_who",
                            "requires_what",
                            "last_sync",
                            "last_sync_error",
                            "report_count",
                            "ioc_count"),
                    names(f));

            JsonNode list = t.get("/api/v1/feed").json();
            assertEquals(1, list.size());
            assertEquals(id, list.get(0).get("id").asLong());
            assertEquals(f, t.get("/api/v1/feed/" + id).json());

            // cbapi's save(): the whole object back with one change.
            String changed = f.toString().replace("\"enabled\":true", "\"enabled\":false");
            TestServer.Response upd = put(t, "/api/v1/feed/" + id, changed);
            assertEquals(200, upd.status(), upd.text());
            assertEquals("success", upd.json().get("result").asText());
            assertEquals(
                    false, t.get("/api/v1/feed/" + id).json().get("enabled").asBoolean());

            TestServer.Response again = t.post("/api/v1/feed", "{\"feed_url\": \"" + feedFile.toUri() + "\"}");
            assertEquals(409, again.status());
            assertEquals("feed_exists", again.json().get("reason").asText());

            assertEquals(
                    "success",
                    delete(t, "/api/v1/feed/" + id).json().get("result").asText());
            assertEquals(404, t.get("/api/v1/feed/" + id).status());
            assertEquals(404, delete(t, "/api/v1/feed/" + id).status());
            assertEquals(0, t.get("/api/v1/feed").json().size());
        }
    }

    /** An upload whose one process start has this MD5, for asking the ingress matcher what it would hit. */
    private static io.lampblack.protocol.DecodedEventLog processWithMd5(String md5) throws Exception {
        var ev = io.lampblack.protocol.events.SensorEvents.CbEventMsg.newBuilder()
                .setHeader(io.lampblack.protocol.events.SensorEvents.CbHeaderMsg.newBuilder()
                        .setVersion(4)
                        .setTimestamp(1))
                .setProcess(io.lampblack.protocol.events.SensorEvents.CbProcessMsg.newBuilder()
                        .setCreated(true)
                        .setMd5Hash(com.google.protobuf.ByteString.fromHex(md5)))
                .build();
        return io.lampblack.protocol.EventLogReader.decodeStrict(
                io.lampblack.protocol.EventLogWriter.frame(List.of(ev)), 1 << 20);
    }

    private static List<String> hits(TestServer t, String md5) throws Exception {
        return t.server.feeds().sync().matcher().match(processWithMd5(md5)).stream()
                .map(m -> m.hit().reportId())
                .toList();
    }

    @Test
    void synchronizeDisableAndRestartFromTheKeptCopy() throws Exception {
        String first = "d41d8cd98f00b204e9800998ecf8427e";
        String added = "0123456789abcdef0123456789abcdef";
        Path feedFile = Files.writeString(dir.resolve("feed.json"), FEED);
        long id;
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            id = t.post("/api/v1/feed", "{\"feed_url\": \"" + feedFile.toUri() + "\"}")
                    .json()
                    .get("id")
                    .asLong();
            assertEquals(List.of("r1"), hits(t, first), "an added feed is matched at once");
            assertTrue(hits(t, added).isEmpty());

            Files.writeString(
                    feedFile,
                    FEED.replace(
                            "\"reports\": [",
                            "\"reports\": [{\"id\": \"r3\", \"timestamp\": 2,"
                                    + " \"link\": \"l\", \"title\": \"new\", \"score\": 70, \"iocs\": {\"md5\": [\""
                                    + added + "\"]}},"));
            TestServer.Response synced = t.post("/api/v1/feed/" + id + "/synchronize", "{\"full_sync\": true}");
            assertEquals(200, synced.status(), synced.text());
            assertEquals(List.of("r3"), hits(t, added), "a synchronisation swaps the new indicators in");

            Files.writeString(feedFile, "{\"broken\": ");
            TestServer.Response bad = t.post("/api/v1/feed/" + id + "/synchronize", "{}");
            assertEquals(409, bad.status());
            assertEquals(List.of("r3"), hits(t, added), "a failed synchronisation keeps what was loaded");

            assertEquals(
                    200, put(t, "/api/v1/feed/" + id, "{\"enabled\": false}").status());
            assertTrue(hits(t, first).isEmpty(), "a disabled feed is not matched");
            assertEquals(
                    409, t.post("/api/v1/feed/" + id + "/synchronize", "{}").status());
            assertEquals(
                    200, put(t, "/api/v1/feed/" + id, "{\"enabled\": true}").status());
            assertEquals(List.of("r1"), hits(t, first));
        }
        Files.delete(feedFile);
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            assertEquals(
                    List.of("r3"), hits(t, added), "after a restart, from the kept copy, with the feed server gone");
            assertEquals(
                    "success",
                    delete(t, "/api/v1/feed/" + id).json().get("result").asText());
            assertTrue(hits(t, added).isEmpty());
            assertTrue(Files.notExists(dir.resolve("data").resolve("feeds").resolve(id + ".json")));
        }
    }

    @Test
    void scheduledSynchronisationIsAnnouncedOnTheBus() throws Exception {
        String added = "0123456789abcdef0123456789abcdef";
        Path feedFile = Files.writeString(dir.resolve("feed.json"), FEED);
        try (TestServer t = TestServer.start(dir.resolve("data"), "feed-sync-seconds", "1")) {
            var factory = new com.rabbitmq.client.ConnectionFactory();
            factory.setUri(t.server.busUrl());
            factory.setVirtualHost("/");
            try (var c = factory.newConnection()) {
                var ch = c.createChannel();
                String q = ch.queueDeclare("", false, true, true, null).getQueue();
                ch.queueBind(q, "api.events", "feed.synchronized");
                var received = new java.util.concurrent.LinkedBlockingQueue<JsonNode>();
                var json = new com.fasterxml.jackson.databind.ObjectMapper();
                ch.basicConsume(q, true, (tag, d) -> received.add(json.readTree(d.getBody())), tag -> {});

                long id = t.post("/api/v1/feed", "{\"feed_url\": \"" + feedFile.toUri() + "\"}")
                        .json()
                        .get("id")
                        .asLong();
                JsonNode first = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(first != null, "feed.synchronized after the add");
                assertEquals(id, first.get("feed_id").asLong());
                assertEquals("localintel", first.get("feed_name").asText());
                assertTrue(first.get("scan_start_time").isNull(), "no query indicators, no scan");
                assertTrue(
                        first.get("feed_update_time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));

                Files.writeString(
                        feedFile,
                        FEED.replace(
                                "\"reports\": [",
                                "\"reports\": [{\"id\": \"r3\", \"timestamp\": 2,"
                                        + " \"link\": \"l\", \"title\": \"new\", \"score\": 70, \"iocs\": {\"md5\": [\""
                                        + added + "\"]}},"));
                long end = System.currentTimeMillis() + 20_000;
                while (hits(t, added).isEmpty() && System.currentTimeMillis() < end) Thread.sleep(100);
                assertEquals(List.of("r3"), hits(t, added), "picked up by the scheduled synchronisation");
                assertTrue(received.poll(10, java.util.concurrent.TimeUnit.SECONDS) != null, "and announced");
            }
        }
    }

    @Test
    void badFeedsAndUrlsAreRefusedWithTheReason() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), FEED.replace("\"score\": 40", "\"score\": 400"));
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            TestServer.Response invalid = t.post("/api/v1/feed", "{\"feed_url\": \"" + bad.toUri() + "\"}");
            assertEquals(409, invalid.status());
            assertEquals("invalid_feed", invalid.json().get("reason").asText());
            assertTrue(
                    invalid.json().get("message").asText().contains("reports[1].score: outside -100..100"),
                    invalid.text());

            TestServer.Response missing = t.post(
                    "/api/v1/feed",
                    "{\"feed_url\": \"" + dir.resolve("absent.json").toUri() + "\"}");
            assertEquals(502, missing.status());
            assertEquals("feed_unreachable", missing.json().get("reason").asText());

            assertEquals(
                    400,
                    t.post("/api/v1/feed", "{\"feed_url\": \"ftp://x/feed\"}").status());
            assertEquals(400, t.post("/api/v1/feed", "{}").status());
            assertEquals(400, t.get("/api/v1/feed/abc").status());
            assertEquals(404, t.get("/api/v1/feed/999").status());
            assertEquals(0, t.get("/api/v1/feed").json().size(), "nothing was added");
        }
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
