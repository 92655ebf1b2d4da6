package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.support.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/threat_report} as cbapi's {@code ThreatReport} model and {@code feed.reports} use it: search with the
 * query language (default order {@code severity_score desc}), one report by feed and id, ignoring by query and by
 * ids, which survives synchronisation and restarts, and a report index rebuilt from the kept feed copy.
 */
class ThreatReportApiIT {

    private static final String FEED = """
            {"feedinfo": {"name": "reportintel", "display_name": "Report intel", "provider_url": "https://x",
              "summary": "s", "tech_data": "t", "category": "Partner"},
             "reports": [
              {"id": "r1", "timestamp": 1700000000, "link": "https://x/r1", "title": "FUZZYWOMBAT dropper", "score": 40,
               "tags": "dropper,wombat", "description": "a dropper", "iocs": {"md5": ["d41d8cd98f00b204e9800998ecf8427e"]}},
              {"id": "r2", "timestamp": 1700000100, "link": "https://x/r2", "title": "bad domain", "score": 90,
               "iocs": {"dns": ["evil.example"], "ipv4": ["203.0.113.7"]}},
              {"id": "r3", "timestamp": 1700000200, "link": "https://x/r3", "title": "hunting query", "score": 10,
               "iocs": {"query": [{"index_type": "events", "search_query": "cb.urlver=1&q=process_name%3Aevil.exe"}]}}
             ]}""";

    @TempDir
    Path dir;

    private static JsonNode search(TestServer t, String q, String extra) throws Exception {
        TestServer.Response r =
                t.get("/api/v1/threat_report?cb.urlver=1&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + extra);
        assertEquals(200, r.status(), r.text());
        return r.json();
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("results").forEach(r -> out.add(r.get("id").asText()));
        return out;
    }

    @Test
    void searchIgnoreAndRebuild() throws Exception {
        Path feedFile = Files.writeString(dir.resolve("feed.json"), FEED);
        long id;
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            id = t.post("/api/v1/feed", "{\"feed_url\": \"" + feedFile.toUri() + "\"}")
                    .json()
                    .get("id")
                    .asLong();

            JsonNode all = search(t, "feed_id:" + id, "&rows=10&facet=true");
            assertEquals(3, all.get("total_results").asInt());
            assertEquals(List.of("r2", "r1", "r3"), ids(all), "severity_score desc by default");
            assertEquals(List.of("r3", "r2", "r1"), ids(search(t, "feed_id:" + id, "&sort=timestamp%20desc")));
            assertTrue(all.get("facets").has("feed_name"));
            assertEquals(List.of("r1"), ids(search(t, "feed_id:" + id + " title:FUZZYWOMBAT", "")));
            assertEquals(List.of("r2"), ids(search(t, "domain:evil.example", "")));
            assertEquals(List.of("r1"), ids(search(t, "md5:D41D8CD98F00B204E9800998ECF8427E", "")));
            assertEquals(
                    400,
                    t.get("/api/v1/threat_report?q=" + URLEncoder.encode("title:(", StandardCharsets.UTF_8))
                            .status());

            JsonNode r1 = t.get("/api/v1/feed/" + id + "/report/r1").json();
            Set<String> keys = new TreeSet<>();
            r1.fieldNames().forEachRemaining(keys::add);
            assertTrue(
                    keys.containsAll(Set.of(
                            "id",
                            "feed_id",
                            "title",
                            "score",
                            "link",
                            "timestamp",
                            "iocs",
                            "is_ignored",
                            "feed_name",
                            "feed_category",
                            "tags",
                            "description")),
                    keys.toString());
            assertEquals(id, r1.get("feed_id").asLong());
            assertEquals("Partner", r1.get("feed_category").asText());
            assertEquals(
                    List.of("dropper", "wombat"),
                    List.of(
                            r1.get("tags").get(0).asText(),
                            r1.get("tags").get(1).asText()));
            assertEquals(
                    "d41d8cd98f00b204e9800998ecf8427e",
                    r1.get("iocs").get("md5").get(0).asText());
            assertEquals(
                    "events",
                    t.get("/api/v1/feed/" + id + "/report/r3")
                            .json()
                            .get("iocs")
                            .get("query")
                            .get(0)
                            .get("index_type")
                            .asText());
            assertEquals(404, t.get("/api/v1/feed/" + id + "/report/nope").status());
            assertEquals(3, t.get("/api/v1/feed/" + id + "/report").json().size());

            // cbapi's report_query.set_ignored(): by query; then report.enable(): by ids.
            String query = "cb.urlver=1&q="
                    + URLEncoder.encode("feed_id:" + id + " title:FUZZYWOMBAT", StandardCharsets.UTF_8);
            TestServer.Response ign = t.post(
                    "/api/v1/threat_report", "{\"query\": \"" + query + "\", \"updates\": {\"is_ignored\": true}}");
            assertEquals(200, ign.status(), ign.text());
            assertEquals(List.of("r1"), ids(search(t, "is_ignored:true", "")));
            assertEquals(
                    200, t.post("/api/v1/feed/" + id + "/synchronize", "{}").status());
            assertTrue(
                    t.get("/api/v1/feed/" + id + "/report/r1")
                            .json()
                            .get("is_ignored")
                            .asBoolean(),
                    "ignoring survives a synchronisation");
            assertEquals(
                    406,
                    t.post("/api/v1/threat_report", "{\"ids\": {\"" + id + "\": [\"r2\"]}}")
                            .status());
            assertEquals(
                    404,
                    t.post(
                                    "/api/v1/threat_report",
                                    "{\"ids\": {\"" + id + "\": [\"nope\"]}, \"updates\": {\"is_ignored\": true}}")
                            .status());
            assertEquals(
                    200,
                    t.post(
                                    "/api/v1/threat_report",
                                    "{\"ids\": {\"" + id + "\": [\"r2\"]}, \"updates\": {\"is_ignored\": true}}")
                            .status());
            assertEquals(Set.of("r1", "r2"), new TreeSet<>(ids(search(t, "is_ignored:true", ""))));
        }
        // The report index is derived: lost, it is rebuilt from the kept feed copy, ignoring included.
        deleteTree(dir.resolve("data").resolve("index").resolve("reports"));
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            assertEquals(3, search(t, "feed_id:" + id, "").get("total_results").asInt());
            assertEquals(Set.of("r1", "r2"), new TreeSet<>(ids(search(t, "is_ignored:true", ""))));
            assertEquals(
                    200,
                    t.post(
                                    "/api/v1/threat_report",
                                    "{\"ids\": {\"" + id + "\": [\"r1\"]}, \"updates\": {\"is_ignored\": false}}")
                            .status());
            assertEquals(List.of("r2"), ids(search(t, "is_ignored:true", "")));
            assertEquals(
                    "success",
                    t.send(java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create(t.server.url() + "/api/v1/feed/" + id))
                                    .header("X-Auth-Token", t.token)
                                    .DELETE())
                            .json()
                            .get("result")
                            .asText());
            assertEquals(0, search(t, "feed_id:" + id, "").get("total_results").asInt(), "deleted with its feed");
        }
    }

    private static void deleteTree(Path p) throws Exception {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
