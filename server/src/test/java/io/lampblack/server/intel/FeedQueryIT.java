package io.lampblack.server.intel;

import static io.lampblack.server.intel.BusRecorder.keys;
import static io.lampblack.server.intel.BusRecorder.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.sensor.replay.CorpusLoader;
import io.lampblack.sensor.replay.Replay;
import io.lampblack.sensor.replay.ReplaySource;
import io.lampblack.server.support.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query indicators of feed reports: run with the watchlists over newly received data, each process or binary the
 * query matches is reported once per report as {@code feed.<id>.query.hit.process} / {@code .binary} (and the 5.1
 * keys) in the captured shape, scored {@code alliance_score_<feed>} (not showing the server's bookkeeping tags), and
 * alerted; an ignored report stays silent.
 */
class FeedQueryIT {

    @TempDir
    Path dir;

    @Test
    void queryReportsHitOncePerDocument() throws Exception {
        Path corpus = TestServer.corpus();
        assumeTrue(corpus != null, "shared corpus not found beside the project; skipping");
        List<ReplaySource> sources = CorpusLoader.load(
                List.of(
                        corpus.resolve("protobuf"),
                        corpus.resolve("rawsensordata/zip"),
                        corpus.resolve("rawsensordata/bundles")),
                500);
        Path feedFile = Files.writeString(dir.resolve("feed.json"), """
                {"feedinfo": {"name": "queryintel", "display_name": "Query intel", "provider_url": "https://x",
                  "summary": "s", "tech_data": "t"},
                 "reports": [
                  {"id": "svchosts", "timestamp": 1, "link": "l", "title": "svchost", "score": 70,
                   "iocs": {"query": [{"index_type": "events", "search_query": "cb.urlver=1&q=process_name%3Asvchost.exe"}]}},
                  {"id": "exes", "timestamp": 1, "link": "l", "title": "executables", "score": 20,
                   "iocs": {"query": [{"index_type": "modules", "search_query": "cb.urlver=1&q=is_executable_image%3Atrue"}]}},
                  {"id": "ignored", "timestamp": 1, "link": "l", "title": "ignored", "score": 90,
                   "iocs": {"query": [{"index_type": "events", "search_query": "cb.urlver=1&q=process_name%3Aexplorer.exe"}]}}
                 ]}""");
        try (TestServer t = TestServer.start(
                        dir.resolve("data"), "watchlist-seconds", "0", "feed-hit-legacy-keys", "true");
                BusRecorder received = new BusRecorder(t, "feed.#", "alert.#")) {
            long feedId = t.post("/api/v1/feed", "{\"feed_url\": \"" + feedFile.toUri() + "\"}")
                    .json()
                    .get("id")
                    .asLong();
            // Carbon Black alerts only for feeds with the "create alert" action.
            assertEquals(
                    200,
                    t.post(
                                    "/api/v1/feed/" + feedId + "/action",
                                    "{\"action_type\": 3, \"group_id\": " + feedId
                                            + ", \"watchlist_id\": -1, \"action_data\": \"\"}")
                            .status());
            assertEquals(
                    200,
                    t.post(
                                    "/api/v1/threat_report",
                                    "{\"ids\": {\"" + feedId + "\": [\"ignored\"]},"
                                            + " \"updates\": {\"is_ignored\": true}}")
                            .status());
            received.drain();
            Replay.run(t.sensorClient(), sources, "", null);
            t.server.ingest().pipeline().awaitIndexed(120_000);
            Set<String> svchosts = processes(t, "process_name:svchost.exe");
            Set<String> exes = binaries(t, "is_executable_image:true");
            assertFalse(svchosts.isEmpty());
            assertFalse(exes.isEmpty());

            assertEquals(
                    svchosts.size() + exes.size(),
                    t.server.watchlists().runner().runAll());
            List<BusRecorder.Message> first = received.drain();
            String processKey = "feed." + feedId + ".query.hit.process";
            assertEquals(svchosts, field(first, processKey, "process_id"));
            assertEquals(svchosts, field(first, "feed.query.hit.process", "process_id"), "and under the 5.1 key");
            assertEquals(exes, field(first, "feed." + feedId + ".query.hit.binary", "md5"));
            BusRecorder.Message hit = first.stream()
                    .filter(m -> m.key().equals(processKey))
                    .findFirst()
                    .orElseThrow();
            assertEquals(keys(sample(corpus, "feed.query.hit.process")), keys(hit.body()), "captured top-level keys");
            assertEquals("query", hit.body().get("ioc_type").asText());
            assertEquals("svchosts", hit.body().get("report_id").asText());
            assertEquals(70, hit.body().get("report_score").asInt());
            JsonNode value =
                    BusRecorder.JSON.readTree(hit.body().get("ioc_value").asText());
            assertEquals("events", value.get("index_type").asText());
            assertEquals(
                    "cb.urlver=1&q=process_name%3Asvchost.exe",
                    value.get("search_query").asText());
            assertTrue(first.stream()
                    .noneMatch(m -> m.body().path("report_id").asText().equals("ignored")));

            assertEquals(svchosts, processes(t, "alliance_score_queryintel:[70 TO 70]"));
            JsonNode doc = t.get("/api/v1/process?" + TestServer.processQuery("alliance_score_queryintel:*", ""))
                    .json()
                    .get("results")
                    .get(0);
            assertEquals(70, doc.get("alliance_score_queryintel").asInt());
            doc.fieldNames().forEachRemaining(f -> assertFalse(f.startsWith("_"), "bookkeeping tag rendered: " + f));
            long alerts = first.stream()
                    .filter(m -> m.key().startsWith("alert.watchlist.hit.query."))
                    .count();
            assertEquals(svchosts.size() + exes.size(), alerts);

            assertEquals(0, t.server.watchlists().runner().runAll(), "never twice");
        }
    }

    private static Set<String> field(List<BusRecorder.Message> messages, String key, String name) {
        Set<String> out = new TreeSet<>();
        for (BusRecorder.Message m : messages) {
            if (m.key().equals(key))
                assertTrue(
                        out.add(m.body().get(name).asText()),
                        "once: " + m.body().get(name));
        }
        return out;
    }

    private static Set<String> processes(TestServer t, String q) throws Exception {
        Set<String> out = new TreeSet<>();
        t.get("/api/v1/process?" + TestServer.processQuery(q, "&cb.group=id&rows=10000"))
                .json()
                .get("results")
                .forEach(p -> out.add(p.get("id").asText()));
        return out;
    }

    private static Set<String> binaries(TestServer t, String q) throws Exception {
        Set<String> out = new TreeSet<>();
        t.get("/api/v1/binary?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&rows=10000")
                .json()
                .get("results")
                .forEach(b -> out.add(b.get("md5").asText()));
        return out;
    }
}
