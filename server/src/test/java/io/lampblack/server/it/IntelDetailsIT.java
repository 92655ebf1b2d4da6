package io.lampblack.server.it;

import static io.lampblack.server.binary.BinaryFixture.M1;
import static io.lampblack.server.binary.BinaryFixture.MC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.binary.BinaryEvents;
import io.lampblack.server.binary.BinaryFixture;
import io.lampblack.server.support.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threat-intelligence details through the HTTPS API: a feed in the current cbfeeds form (query IOCs as
 * {@code "query": {"index_type", "search_query": [...]}}) is accepted; its requirements, icon bytes and report
 * statistics; the feed reports naming a binary; a watchlist's action types and {@code last_execution_time_ms}; and
 * binary facets on boolean fields, counted.
 */
class IntelDetailsIT {

    /** The first bytes of a PNG file, enough for a client to tell the type. */
    private static final byte[] ICON = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d};

    @TempDir
    Path dir;

    @Test
    void feedDetailsBinaryHitsWatchlistActionTypesAndBooleanFacets() throws Exception {
        String feed = """
                {"feedinfo": {"name": "detailintel", "display_name": "Detail intel", "provider_url": "https://x",
                  "summary": "s", "tech_data": "t", "category": "Partner", "icon": "%s"},
                 "reports": [
                  {"id": "r1", "timestamp": 1700000000, "link": "https://x/r1", "title": "notepad", "score": 40,
                   "iocs": {"md5": ["%s"]}},
                  {"id": "r2", "timestamp": 1700000100, "link": "https://x/r2", "title": "hunt", "score": 20,
                   "iocs": {"query": {"index_type": "events",
                     "search_query": ["cb.urlver=1&q=process_name%%3Aevil.exe", "cb.urlver=1&q=domain%%3Aevil.example"]}}}
                 ]}""".formatted(Base64.getEncoder().encodeToString(ICON), M1.toLowerCase());
        Path feedFile = Files.writeString(dir.resolve("feed.json"), feed);
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            TestServer.Response added = t.post("/api/v1/feed", "{\"feed_url\": \"" + feedFile.toUri() + "\"}");
            assertEquals(200, added.status(), "the list form of search_query is accepted: " + added.text());
            long feedId = added.json().get("id").asLong();
            TestServer.Response action = t.post(
                    "/api/v1/feed/" + feedId + "/action",
                    "{\"action_data\": \"{}\", \"action_type\": 3, \"group_id\": " + feedId
                            + ", \"watchlist_id\": -1}");
            assertEquals(200, action.status(), action.text());

            var reg = t.sensorClient()
                    .register(
                            new RegisterRequest("INTEL-HOST", null, "windows", "workstation", null, null, null, 1), "");
            SensorClient.Identity id = new SensorClient.Identity(reg.sensorId(), reg.secret());
            t.sensorClient().upload(id, "intel-1", BinaryEvents.upload(BinaryFixture.all()));
            t.server.ingest().pipeline().awaitIndexed(30_000);
            t.server.binaries().catalog().flush();
            t.server.intel().ingressHits().drain(); // feed hits and their alerts are made off the ingest path

            JsonNode req = t.get("/api/v1/feed/" + feedId + "/requirements").json();
            assertTrue(req.get("passed").isArray() && req.get("failed").isArray());
            assertEquals(0, req.get("failed").size());
            assertEquals(404, t.get("/api/v1/feed/999/requirements").status());

            TestServer.Response icon = t.get("/api/v1/feed/" + feedId + "/icon");
            assertEquals(200, icon.status());
            assertEquals("image/png", icon.contentType());
            assertArrayEquals(ICON, icon.body());
            assertEquals(404, t.get("/api/v1/feed/999/icon").status());

            // the feed reports naming a binary
            JsonNode hits = t.get("/api/v1/binary/" + M1 + "/threat_intel_hits").json();
            assertEquals(1, hits.size(), hits.toString());
            assertEquals("r1", hits.get(0).get("report_id").asText());
            assertEquals(feedId, hits.get(0).get("feed_id").asLong());
            assertEquals("md5", hits.get(0).get("ioc_type").asText());
            assertEquals(
                    0,
                    t.get("/api/v1/binary/" + MC + "/threat_intel_hits").json().size());
            assertEquals(
                    404,
                    t.get("/api/v1/binary/FEDCBA9876543210FEDCBA9876543210/threat_intel_hits")
                            .status());

            // report statistics, from the alerts the report raised (the binary was seen after the feed was added)
            JsonNode stats =
                    t.get("/api/v1/feed/" + feedId + "/report/r1/stats").json();
            assertEquals("r1", stats.get("report_id").asText());
            assertTrue(stats.get("total_hits").asLong() >= 1, stats.toString());
            assertEquals(
                    stats.get("total_hits").asLong(),
                    stats.get("process_hits").asLong()
                            + stats.get("binary_hits").asLong());
            assertFalse(stats.get("last_hit").isNull());
            assertEquals(
                    0,
                    t.get("/api/v1/feed/" + feedId + "/report/r2/stats")
                            .json()
                            .get("total_hits")
                            .asLong());
            assertEquals(
                    404, t.get("/api/v1/feed/" + feedId + "/report/nope/stats").status());

            // a watchlist's action types, and how long its last run took
            long wid = t.post(
                            "/api/v1/watchlist",
                            "{\"index_type\": \"modules\", \"name\": \"not executable\", \"search_query\":"
                                    + " \"cb.urlver=1&q=is_executable_image%3Afalse\"}")
                    .json()
                    .get("id")
                    .asLong();
            JsonNode types = t.get("/api/v1/watchlist/" + wid + "/action_type").json();
            assertEquals(4, types.size());
            types.forEach(x -> assertFalse(x.get("enabled").asBoolean()));
            long aid = t.post(
                            "/api/v1/watchlist/" + wid + "/action",
                            "{\"action_data\": \"{}\", \"action_type\": 1, \"watchlist_id\": " + wid + "}")
                    .json()
                    .get("id")
                    .asLong();
            JsonNode syslog =
                    t.get("/api/v1/watchlist/" + wid + "/action_type").json().get(1);
            assertEquals(1, syslog.get("action_type").asInt());
            assertTrue(syslog.get("enabled").asBoolean());
            assertEquals(aid, syslog.get("action_id").asLong());
            assertEquals(404, t.get("/api/v1/watchlist/999/action_type").status());
            JsonNode before = t.get("/api/v1/watchlist/" + wid).json();
            assertEquals(0, before.get("last_execution_time_ms").asLong(), "not run yet");
            t.server.watchlists().runner().runAll();
            JsonNode after = t.get("/api/v1/watchlist/" + wid).json();
            assertTrue(after.get("last_execution_time_ms").isIntegralNumber(), after.toString());
            assertTrue(t.get("/api/v1/watchlist").json().get(0).has("last_execution_time_ms"));

            // binary facets on boolean fields count, as searches on them do
            JsonNode facets = t.get("/api/v1/binary?cb.urlver=1&facet=true&facet.field=is_executable_image"
                            + "&facet.field=is_64bit&q=&rows=0&start=0")
                    .json()
                    .get("facets");
            for (String field : new String[] {"is_executable_image", "is_64bit"}) {
                Map<String, Long> counted = new HashMap<>();
                facets.get(field)
                        .forEach(e -> counted.put(
                                e.get("name").asText(), e.get("value").asLong()));
                Map<String, Long> searched = new HashMap<>();
                for (String v : new String[] {"true", "false"}) {
                    long n = t.get("/api/v1/binary?cb.urlver=1&rows=0&q="
                                    + URLEncoder.encode(field + ":" + v, StandardCharsets.UTF_8))
                            .json()
                            .get("total_results")
                            .asLong();
                    if (n > 0) searched.put(v, n);
                }
                assertFalse(searched.isEmpty(), field);
                assertEquals(searched, counted, field);
            }
            assertTrue(
                    facets.get("is_executable_image").toString().contains("\"false\""),
                    "evil.dll (MX) is no executable image: " + facets);
        }
    }
}
