package io.lampblack.server.intel;

import static io.lampblack.server.intel.BusRecorder.keys;
import static io.lampblack.server.intel.BusRecorder.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.Hashes;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.sensor.replay.CorpusLoader;
import io.lampblack.sensor.replay.Replay;
import io.lampblack.sensor.replay.ReplaySource;
import io.lampblack.server.support.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingress feed matching end to end: a feed naming a process MD5, a domain and a module MD5 taken from the corpus is
 * added, the whole corpus is replayed through the sensor path, and what a consumer and an analyst see is checked
 * against what the corpus holds: feed hits on the bus (both key forms, captured shapes) for exactly the processes
 * and binaries that carry an indicator, {@code alliance_score_<feed>} on those processes in search, and one alert per
 * finding, which can be triaged and whose ignoring silences the report.
 */
class FeedHitsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void corpusHitsArePublishedTaggedAndAlerted() throws Exception {
        Path corpus = TestServer.corpus();
        assumeTrue(corpus != null, "shared corpus not found beside the project; skipping");
        List<ReplaySource> sources = CorpusLoader.load(
                List.of(
                        corpus.resolve("protobuf"),
                        corpus.resolve("rawsensordata/zip"),
                        corpus.resolve("rawsensordata/bundles")),
                500);
        Map<ReplaySource, List<CbEventMsg>> events = new HashMap<>();
        for (ReplaySource s : sources) {
            List<CbEventMsg> all = new ArrayList<>();
            for (byte[] u : s.uploads())
                all.addAll(
                        EventLogReader.decodeStrict(u, Integer.MAX_VALUE - 16).events());
            events.put(s, all);
        }
        String processMd5 = firstProcessMd5(events);
        String domain = mostCommonDomain(events);
        String moduleMd5 = firstModuleMd5(events);
        Path feedFile = Files.writeString(dir.resolve("feed.json"), """
                {"feedinfo": {"name": "corpusintel", "display_name": "Corpus intel", "provider_url": "https://x",
                  "summary": "s", "tech_data": "t", "provider_rating": 4.0},
                 "reports": [
                  {"id": "proc", "timestamp": 1, "link": "l", "title": "bad process", "score": 80, "iocs": {"md5": ["%s"]}},
                  {"id": "net", "timestamp": 1, "link": "l", "title": "bad domain", "score": 60, "iocs": {"dns": ["%s"]}},
                  {"id": "bin", "timestamp": 1, "link": "l", "title": "bad module", "score": 30, "iocs": {"md5": ["%s"]}}
                 ]}""".formatted(processMd5, domain, moduleMd5));

        try (TestServer t = TestServer.start(dir.resolve("data"), "feed-hit-legacy-keys", "true");
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
            List<Replay.Mapping> replayed = Replay.run(t.sensorClient(), sources, "", null);
            t.server.ingest().pipeline().awaitIndexed(120_000);
            t.server.intel().ingressHits().drain();
            List<BusRecorder.Message> messages = received.drain();

            Map<String, Integer> sensorOf = new HashMap<>();
            for (Replay.Mapping m : replayed) sensorOf.put(m.hostname(), m.sensorId());
            Set<String> md5Processes = new TreeSet<>();
            Set<String> domainProcesses = new TreeSet<>();
            Set<String> moduleHosts = new TreeSet<>();
            Set<String> moduleProcesses = new TreeSet<>();
            events.forEach((src, evs) -> {
                int sensor = sensorOf.get(src.hostname());
                for (CbEventMsg e : evs) {
                    if (carriesMd5(e, processMd5)) md5Processes.add(guid(sensor, e.getHeader()));
                    if (carriesMd5(e, moduleMd5)) moduleProcesses.add(guid(sensor, e.getHeader()));
                    if (e.hasNetwork()
                            && e.getNetwork().getUtf8Netpath().toStringUtf8().equalsIgnoreCase(domain)) {
                        domainProcesses.add(guid(sensor, e.getHeader()));
                    }
                    if (e.hasModule()
                            && Hashes.moduleMd5Lower(e.getModule().getMd5()).equals(moduleMd5)) {
                        moduleHosts.add(src.hostname());
                    }
                }
            });
            assertFalse(md5Processes.isEmpty());
            assertFalse(domainProcesses.isEmpty());
            assertFalse(moduleHosts.isEmpty());

            // Feed hits: one per process (or binary and host) and indicator, under both key forms, in captured shapes.
            String processKey = "feed." + feedId + ".ingress.hit.process";
            String binaryKey = "feed." + feedId + ".ingress.hit.binary";
            assertEquals(md5Processes, processIds(messages, processKey, "proc"));
            assertEquals(domainProcesses, processIds(messages, processKey, "net"));
            assertEquals(
                    processIds(messages, processKey, "proc"),
                    processIds(messages, "feed.ingress.hit.process", "proc"),
                    "the 5.1 key carries the same hits");
            Set<String> binaryHosts = new TreeSet<>();
            for (BusRecorder.Message m : messages) {
                if (!m.key().equals(binaryKey)) continue;
                assertEquals(
                        moduleMd5.toUpperCase(Locale.ROOT), m.body().get("md5").asText());
                assertEquals(keys(sample(corpus, "feed.ingress.hit.binary")), keys(m.body()));
                binaryHosts.add(m.body().get("hostname").asText());
            }
            assertEquals(moduleHosts, binaryHosts);
            JsonNode sample = sample(corpus, "feed.24.ingress.hit.process");
            BusRecorder.Message dnsHit = messages.stream()
                    .filter(m -> m.key().equals(processKey)
                            && m.body().get("report_id").asText().equals("net"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(keys(sample), keys(dnsHit.body()));
            assertEquals(keys(sample.get("ioc_attr")), keys(dnsHit.body().get("ioc_attr")));
            assertEquals("dns", dnsHit.body().get("ioc_type").asText());
            assertEquals(
                    domain.toLowerCase(Locale.ROOT),
                    dnsHit.body().get("ioc_value").asText());

            // Storage hits: each process hit again once its segment is indexed, with the segment's document.
            String storageKey = "feed." + feedId + ".storage.hit.process";
            assertEquals(md5Processes, processIds(messages, storageKey, "proc"));
            assertEquals(domainProcesses, processIds(messages, storageKey, "net"));
            BusRecorder.Message stored = messages.stream()
                    .filter(m -> m.key().equals(storageKey))
                    .findFirst()
                    .orElseThrow();
            Set<String> expectedKeys = new TreeSet<>(keys(sample(corpus, "feed.storage.hit.binary")));
            expectedKeys.remove("md5");
            expectedKeys.add("process_id");
            assertEquals(expectedKeys, keys(stored.body()), "the captured storage-hit keys, for a process");
            // A binary hit again once the binary's document is stored: captured keys, the binary's document.
            Set<String> binaryStoredHosts = new TreeSet<>();
            for (BusRecorder.Message m : messages) {
                if (!m.key().equals("feed." + feedId + ".storage.hit.binary")) continue;
                assertEquals(keys(sample(corpus, "feed.storage.hit.binary")), keys(m.body()));
                assertEquals(
                        moduleMd5.toUpperCase(Locale.ROOT), m.body().get("md5").asText());
                assertEquals(
                        moduleMd5.toUpperCase(Locale.ROOT),
                        m.body().get("docs").get(0).get("md5").asText());
                binaryStoredHosts.add(m.body().get("hostname").asText());
            }
            assertEquals(moduleHosts, binaryStoredHosts);
            assertTrue(stored.body()
                    .get("docs")
                    .get(0)
                    .get("unique_id")
                    .asText()
                    .startsWith(stored.body().get("process_id").asText()));
            assertEquals(
                    processIds(messages, storageKey, "net"),
                    processIds(messages, "feed.storage.hit.process", "net"),
                    "and under the 5.1 key");
            assertEquals(
                    domain.toLowerCase(Locale.ROOT),
                    dnsHit.body().get("ioc_attr").get("dns_name").asText().toLowerCase(Locale.ROOT));
            assertEquals(60, dnsHit.body().get("report_score").asInt());
            assertEquals("corpusintel", dnsHit.body().get("feed_name").asText());
            assertTrue(dnsHit.body().get("event_timestamp").isFloatingPointNumber());

            // Search: the feed's score is on every hit process, the highest of its reports.
            JsonNode scored = t.get("/api/v1/process?"
                            + TestServer.processQuery("alliance_score_corpusintel:*", "&cb.group=id&rows=0"))
                    .json();
            Set<String> allHit = new HashSet<>(md5Processes);
            allHit.addAll(domainProcesses);
            allHit.addAll(moduleProcesses);
            assertEquals(allHit.size(), scored.get("total_results").asInt());
            JsonNode eighty = t.get("/api/v1/process?"
                            + TestServer.processQuery("alliance_score_corpusintel:[80 TO 80]", "&cb.group=id&rows=0"))
                    .json();
            assertEquals(
                    md5Processes.size(), eighty.get("total_results").asInt(), "80 is the highest score of the feed");

            // Alerts: one per process and report, one per binary and host, each announced on the bus.
            assertEquals(
                    moduleProcesses, processIds(messages, processKey, "bin"), "a module's MD5 also hits its loaders");
            int expectedAlerts =
                    md5Processes.size() + domainProcesses.size() + moduleHosts.size() + moduleProcesses.size();
            JsonNode all = alerts(t, "feed_name:corpusintel", "&rows=1000");
            assertEquals(expectedAlerts, all.get("total_results").asInt());
            List<BusRecorder.Message> alertMessages =
                    messages.stream().filter(m -> m.key().startsWith("alert.")).toList();
            assertEquals(expectedAlerts, alertMessages.size());
            for (BusRecorder.Message m : alertMessages) {
                m.body()
                        .properties()
                        .forEach(e -> assertTrue(
                                e.getKey().equals("event_timestamp")
                                        || e.getValue().isTextual(),
                                m.key() + ": " + e.getKey() + " is a string on the bus"));
            }
            JsonNode oneAlert = all.get("results").get(0);
            for (String k : List.of(
                    "unique_id",
                    "alert_type",
                    "status",
                    "report_score",
                    "watchlist_name",
                    "md5",
                    "sensor_id",
                    "feed_id",
                    "feed_name",
                    "created_time",
                    "alert_severity",
                    "hostname")) {
                assertTrue(oneAlert.has(k), "alert has " + k + ": " + oneAlert);
            }
            JsonNode procAlert =
                    alerts(t, "watchlist_id:proc", "&rows=1").get("results").get(0);
            assertEquals(
                    "watchlist.hit.ingress.process", procAlert.get("alert_type").asText());
            assertEquals("bad process", procAlert.get("watchlist_name").asText());
            assertTrue(md5Processes.contains(procAlert.get("process_id").asText()));
            assertEquals(processMd5, procAlert.get("md5").asText());
            assertEquals("Unresolved", procAlert.get("status").asText());
            // Provider rating 4 weighs the score up from the neutral 3: 80 x 1.0 x 1.0 x 0.75.
            assertEquals(60.0, procAlert.get("alert_severity").asDouble(), 1e-9);

            // Triage one alert, then many by id, then many by query.
            String id = procAlert.get("unique_id").asText();
            assertEquals(
                    200,
                    t.post("/api/v1/alert/" + id, "{\"status\": \"resolved\", \"unique_id\": \"" + id + "\"}")
                            .status());
            JsonNode refreshed = t.get("/api/v2/alert?cb.fq.unique_id=" + id).json();
            assertEquals(1, refreshed.get("total_results").asInt());
            assertEquals(
                    "Resolved", refreshed.get("results").get(0).get("status").asText());
            assertEquals(
                    expectedAlerts - 1,
                    alerts(t, "-status:Resolved feed_name:corpusintel", "")
                            .get("total_results")
                            .asInt());
            assertEquals(
                    400, t.post("/api/v1/alert/" + id, "{\"status\": \"Done\"}").status());
            assertEquals(
                    404,
                    t.post("/api/v1/alert/no-such-alert", "{\"status\": \"Resolved\"}")
                            .status());

            List<String> binaryAlerts = new ArrayList<>();
            alerts(t, "alert_type:watchlist.hit.ingress.binary", "&rows=100")
                    .get("results")
                    .forEach(a -> binaryAlerts.add(a.get("unique_id").asText()));
            assertEquals(moduleHosts.size(), binaryAlerts.size());
            assertEquals(
                    200,
                    t.post(
                                    "/api/v1/alerts",
                                    JSON.writeValueAsString(Map.of(
                                            "alert_ids",
                                            binaryAlerts,
                                            "requested_status",
                                            "In Progress",
                                            "assigned_to",
                                            "analyst")))
                            .status());
            assertEquals(
                    binaryAlerts.size(),
                    alerts(t, "assigned_to:analyst status:\"In Progress\"", "")
                            .get("total_results")
                            .asInt());

            String byQuery = "cb.urlver=1&q=" + URLEncoder.encode("watchlist_id:net", StandardCharsets.UTF_8);
            assertEquals(
                    200,
                    t.post(
                                    "/api/v1/alerts",
                                    JSON.writeValueAsString(Map.of(
                                            "query",
                                            byQuery,
                                            "requested_status",
                                            "False Positive",
                                            "set_ignored",
                                            true)))
                            .status());
            assertEquals(
                    domainProcesses.size(),
                    alerts(t, "status:\"False Positive\"", "")
                            .get("total_results")
                            .asInt());

            // The ignored report hits no more; the others do (a second replay: new sensors, new processes).
            received.clear();
            Replay.run(t.sensorClient(), sources, "", null);
            t.server.ingest().pipeline().awaitIndexed(120_000);
            t.server.intel().ingressHits().drain();
            List<BusRecorder.Message> second = received.drain();
            assertTrue(processIds(second, processKey, "net").isEmpty(), "an ignored report stays silent");
            assertEquals(
                    md5Processes.size(), processIds(second, processKey, "proc").size());
            assertEquals(
                    expectedAlerts * 2 - domainProcesses.size(),
                    alerts(t, "feed_name:corpusintel", "").get("total_results").asInt());
        }
    }

    private static JsonNode alerts(TestServer t, String q, String extra) throws Exception {
        TestServer.Response r = t.get("/api/v2/alert?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + extra);
        assertEquals(200, r.status(), r.text());
        return r.json();
    }

    private static Set<String> processIds(List<BusRecorder.Message> messages, String key, String reportId) {
        Set<String> out = new TreeSet<>();
        for (BusRecorder.Message m : messages) {
            if (m.key().equals(key) && m.body().get("report_id").asText().equals(reportId)) {
                assertTrue(out.add(m.body().get("process_id").asText()), "one hit per process: " + m.body());
            }
        }
        return out;
    }

    private static String guid(int sensor, CbHeaderMsg h) {
        return new ProcessGuid(sensor, h.getProcessPid(), h.getProcessCreateTime()).toString();
    }

    private static boolean carriesMd5(CbEventMsg e, String md5) {
        if (e.hasProcess()) return Hashes.hexLower(e.getProcess().getMd5Hash()).equals(md5);
        if (e.hasModload()) return Hashes.hexLower(e.getModload().getMd5Hash()).equals(md5);
        if (e.hasChildproc())
            return Hashes.hexLower(e.getChildproc().getMd5Hash()).equals(md5);
        if (e.hasFilemod() && e.getFilemod().getAction() == CbFileModMsg.CbFileModAction.actionFileModLastWrite) {
            return Hashes.hexLower(e.getFilemod().getMd5Hash()).equals(md5);
        }
        return false;
    }

    private static String firstProcessMd5(Map<ReplaySource, List<CbEventMsg>> events) {
        return events.values().stream()
                .flatMap(List::stream)
                .filter(e -> e.hasProcess()
                        && e.getProcess().getCreated()
                        && e.getProcess().getMd5Hash().size() == 16)
                .map(e -> Hashes.hexLower(e.getProcess().getMd5Hash()))
                .sorted()
                .findFirst()
                .orElseThrow();
    }

    private static String firstModuleMd5(Map<ReplaySource, List<CbEventMsg>> events) {
        return events.values().stream()
                .flatMap(List::stream)
                .filter(CbEventMsg::hasModule)
                .map(e -> Hashes.moduleMd5Lower(e.getModule().getMd5()))
                .filter(m -> m.matches("[0-9a-f]{32}"))
                .sorted()
                .findFirst()
                .orElseThrow();
    }

    private static String mostCommonDomain(Map<ReplaySource, List<CbEventMsg>> events) {
        Map<String, Integer> counts = new HashMap<>();
        events.values().stream()
                .flatMap(List::stream)
                .filter(CbEventMsg::hasNetwork)
                .map(e -> e.getNetwork().getUtf8Netpath().toStringUtf8())
                .filter(d -> !d.isEmpty())
                .forEach(d -> counts.merge(d, 1, Integer::sum));
        return counts.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow()
                .getKey();
    }
}
