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
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.sensor.replay.CorpusLoader;
import io.lampblack.sensor.replay.Replay;
import io.lampblack.sensor.replay.ReplaySource;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watchlists as cbapi's {@code Watchlist} model and a bus consumer see them: created with a query in Carbon Black's
 * stored form, run over the replayed corpus, the hits equal what {@code watchlist.search()} returns (the same query
 * as a process or binary search), each reported once on the bus in the captured shapes, tagged so that
 * {@code watchlist_<id>:*} finds them, counted on the watchlist, and alerted through an alert action.
 */
class WatchlistIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void processAndBinaryWatchlistsOverTheCorpus() throws Exception {
        Path corpus = TestServer.corpus();
        assumeTrue(corpus != null, "shared corpus not found beside the project; skipping");
        List<ReplaySource> sources = CorpusLoader.load(
                List.of(
                        corpus.resolve("protobuf"),
                        corpus.resolve("rawsensordata/zip"),
                        corpus.resolve("rawsensordata/bundles")),
                500);
        String processName = mostCommonProcessName(sources);
        String processQuery =
                "cb.urlver=1&q=" + URLEncoder.encode("process_name:" + processName, StandardCharsets.UTF_8);
        String binaryQuery = "cb.urlver=1&q=" + URLEncoder.encode("is_executable_image:true", StandardCharsets.UTF_8);

        try (java.net.DatagramSocket syslog =
                        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
                TestServer t = TestServer.start(
                        dir.resolve("data"),
                        "watchlist-seconds",
                        "0",
                        "syslog-target",
                        "udp://127.0.0.1:" + syslog.getLocalPort());
                BusRecorder received = new BusRecorder(t, "watchlist.#", "alert.#")) {

            // Bad queries and types are refused up front.
            TestServer.Response bad = t.post(
                    "/api/v1/watchlist",
                    "{\"name\": \"bad\", \"index_type\": \"events\","
                            + " \"search_query\": \"cb.urlver=1&q=process_name%3A(\"}");
            assertEquals(400, bad.status());
            assertEquals("query_malformed_syntax", bad.json().get("reason").asText());
            assertEquals(
                    400,
                    t.post(
                                    "/api/v1/watchlist",
                                    "{\"name\": \"x\", \"index_type\": \"files\"," + " \"search_query\": \""
                                            + processQuery + "\"}")
                            .status());

            JsonNode pw = t.post(
                            "/api/v1/watchlist",
                            JSON.writeValueAsString(Map.of(
                                    "name", "Common process", "index_type", "events", "search_query", processQuery)))
                    .json();
            long pid = pw.get("id").asLong();
            assertEquals(processQuery, pw.get("search_query").asText(), "kept exactly as sent");
            assertTrue(pw.get("id").isTextual(), "id is a string (reference §5.8)");
            JsonNode bw = t.post(
                            "/api/v1/watchlist",
                            JSON.writeValueAsString(Map.of(
                                    "name", "Executables", "index_type", "modules", "search_query", binaryQuery)))
                    .json();
            long bid = bw.get("id").asLong();
            // A sub-path clause: resolved against the streamed batch's own paths.
            long mid = t.post(
                            "/api/v1/watchlist",
                            JSON.writeValueAsString(Map.of(
                                    "name",
                                    "ntdll loaders",
                                    "index_type",
                                    "events",
                                    "search_query",
                                    "cb.urlver=1&q=modload%3Antdll.dll")))
                    .json()
                    .get("id")
                    .asLong();
            TestServer.Response action = t.post(
                    "/api/v1/watchlist/" + pid + "/action",
                    "{\"action_type\": 3, \"watchlist_id\": " + pid
                            + ", \"action_data\": \"{\\\"email_recipients\\\":[1]}\"}");
            assertEquals(200, action.status(), action.text());
            assertTrue(action.json().get("action_id").asLong() > 0);
            JsonNode actions = t.get("/api/v1/watchlist/" + pid + "/action").json();
            assertEquals(1, actions.size());
            syslog.setSoTimeout(10_000);
            assertEquals(pid, actions.get(0).get("watchlist_id").asLong());
            assertEquals(3, actions.get(0).get("action_type").asInt());
            assertEquals(
                    200,
                    t.post(
                                    "/api/v1/watchlist/" + pid + "/action",
                                    "{\"action_type\": 1, \"watchlist_id\": " + pid + ", \"action_data\": \"\"}")
                            .status());
            assertEquals(3, t.get("/api/v1/watchlist").json().size());

            Replay.run(t.sensorClient(), sources, "", null);
            t.server.ingest().pipeline().awaitIndexed(120_000);
            t.server.intel().watchlistStream().drain();
            List<BusRecorder.Message> streamed = received.drain();
            Set<String> expectedProcesses = processSearch(t, "process_name:" + processName);
            Set<String> expectedBinaries = binarySearch(t, "is_executable_image:true");
            assertFalse(expectedProcesses.isEmpty());
            assertFalse(expectedBinaries.isEmpty());
            // Streamed as indexed: a process-name watchlist sees every hit segment by segment, before any run.
            assertEquals(expectedProcesses, docIds(of(streamed, pid), "watchlist.hit.process", "id"));
            Set<String> ntdll = processSearch(t, "modload:ntdll.dll");
            assertFalse(ntdll.isEmpty());
            assertEquals(ntdll, docIds(of(streamed, mid), "watchlist.hit.process", "id"));
            assertEquals(
                    200,
                    t.send(HttpRequest.newBuilder(URI.create(t.server.url() + "/api/v1/watchlist/" + mid))
                                    .header("X-Auth-Token", t.token)
                                    .DELETE())
                            .status());
            assertTrue(
                    streamed.stream().noneMatch(m -> m.key().contains("binary")), "binary watchlists are not streamed");
            // The syslog action: each coalesced hit message as one syslog line.
            java.net.DatagramPacket line = new java.net.DatagramPacket(new byte[65_536], 65_536);
            syslog.receive(line);
            String text = new String(line.getData(), 0, line.getLength(), StandardCharsets.UTF_8);
            assertTrue(
                    text.contains("lampblack: watchlist.hit.process {") && text.contains("\"watchlist_id\":" + pid),
                    text);

            // The periodic run adds the binaries and repeats none of the streamed processes.
            assertEquals(expectedBinaries.size(), t.server.watchlists().runner().runAll());
            List<BusRecorder.Message> first = new ArrayList<>(streamed);
            first.addAll(received.drain());

            // Bus: coalesced hits and one storage hit per document, each document once.
            assertEquals(expectedProcesses, docIds(of(first, pid), "watchlist.hit.process", "id"));
            assertEquals(expectedProcesses, topLevel(of(first, pid), "watchlist.storage.hit.process", "process_id"));
            assertEquals(expectedBinaries, docIds(first, "watchlist.hit.binary", "md5"));
            assertEquals(expectedBinaries, topLevel(first, "watchlist.storage.hit.binary", "md5"));
            for (String key : List.of(
                    "watchlist.hit.process",
                    "watchlist.storage.hit.process",
                    "watchlist.hit.binary",
                    "watchlist.storage.hit.binary")) {
                BusRecorder.Message m = first.stream()
                        .filter(x -> x.key().equals(key))
                        .findFirst()
                        .orElseThrow();
                assertEquals(keys(sample(corpus, key)), keys(m.body()), key + " top-level keys as captured");
            }
            BusRecorder.Message hit = of(first, pid).stream()
                    .filter(x -> x.key().equals("watchlist.hit.process"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(pid, hit.body().get("watchlist_id").asLong());
            assertEquals("Common process", hit.body().get("watchlist_name").asText());
            Set<String> captured =
                    keys(sample(corpus, "watchlist.hit.process").get("docs").get(0));
            assertTrue(
                    keys(hit.body().get("docs").get(0)).containsAll(captured),
                    "process hit docs carry the captured keys");
            BusRecorder.Message stored = of(first, pid).stream()
                    .filter(x -> x.key().equals("watchlist.storage.hit.process"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(stored.body().get("docs").get(0).has("watchlist_" + pid));

            // Tags: watchlist_<id>:* finds exactly the hits; the watchlist counts them.
            assertEquals(expectedProcesses, processSearch(t, "watchlist_" + pid + ":*"));
            JsonNode counted = t.get("/api/v1/watchlist/" + pid).json();
            assertEquals(
                    Long.toString(expectedProcesses.size()),
                    counted.get("total_hits").asText());
            int lastCount = counted.get("last_hit_count").asInt();
            assertTrue(
                    lastCount >= 1 && lastCount <= expectedProcesses.size(),
                    "hits of the last batch or run: " + lastCount);
            assertFalse(counted.get("last_hit").isNull());
            assertFalse(counted.get("search_timestamp").isNull());

            // Alerts: the process watchlist has an alert action, the binary one has none.
            List<BusRecorder.Message> alertMessages = first.stream()
                    .filter(m -> m.key().equals("alert.watchlist.hit.query.process"))
                    .toList();
            assertEquals(expectedProcesses.size(), alertMessages.size());
            assertTrue(first.stream().noneMatch(m -> m.key().equals("alert.watchlist.hit.query.binary")));
            Set<String> alertKeys = keys(alertMessages.getFirst().body());
            assertTrue(
                    alertKeys.containsAll(keys(sample(corpus, "alert.watchlist.hit.query.process"))),
                    "alert messages carry every captured key: " + alertKeys);
            JsonNode alerts = t.get("/api/v2/alert?q="
                            + URLEncoder.encode("watchlist_id:" + pid, StandardCharsets.UTF_8) + "&rows=0")
                    .json();
            assertEquals(expectedProcesses.size(), alerts.get("total_results").asInt());

            // Never twice: another run finds nothing new.
            assertEquals(0, t.server.watchlists().runner().runAll());
            assertTrue(received.drain().isEmpty());

            // New data (the corpus again, as new sensors): only the new processes hit; a disabled watchlist is idle.
            assertEquals(
                    200,
                    t.send(HttpRequest.newBuilder(URI.create(t.server.url() + "/api/v1/watchlist/" + bid))
                                    .header("X-Auth-Token", t.token)
                                    .PUT(HttpRequest.BodyPublishers.ofString(
                                            bw.toString().replace("\"enabled\":true", "\"enabled\":false"))))
                            .status());
            assertFalse(t.get("/api/v1/watchlist/" + bid).json().get("enabled").asBoolean());
            Replay.run(t.sensorClient(), sources, "", null);
            t.server.ingest().pipeline().awaitIndexed(120_000);
            t.server.intel().watchlistStream().drain();
            assertEquals(0, t.server.watchlists().runner().runAll(), "the stream reported them all already");
            Set<String> all = processSearch(t, "process_name:" + processName);
            Set<String> added = new TreeSet<>(all);
            added.removeAll(expectedProcesses);
            assertFalse(added.isEmpty());
            List<BusRecorder.Message> second = received.drain();
            assertEquals(added, docIds(second, "watchlist.hit.process", "id"));
            assertTrue(second.stream().noneMatch(m -> m.key().contains("binary")));
            assertEquals(
                    Long.toString(all.size()),
                    t.get("/api/v1/watchlist/" + pid).json().get("total_hits").asText());

            assertEquals(
                    200,
                    t.send(HttpRequest.newBuilder(URI.create(t.server.url() + "/api/v1/watchlist/" + pid))
                                    .header("X-Auth-Token", t.token)
                                    .DELETE())
                            .status());
            assertEquals(404, t.get("/api/v1/watchlist/" + pid).status());
            assertEquals(404, t.get("/api/v1/watchlist/" + pid + "/action").status());
        }
    }

    /** Without streaming, the periodic run alone finds every hit (it must not count on a stream that is off). */
    @Test
    void withoutStreamingThePeriodicRunFindsEverything() throws Exception {
        Path corpus = TestServer.corpus();
        assumeTrue(corpus != null, "shared corpus not found beside the project; skipping");
        List<ReplaySource> sources = CorpusLoader.load(List.of(corpus.resolve("protobuf")), 500);
        try (TestServer t =
                        TestServer.start(dir.resolve("data"), "watchlist-seconds", "0", "watchlist-stream-queue", "0");
                BusRecorder received = new BusRecorder(t, "watchlist.hit.process")) {
            long id = t.post(
                            "/api/v1/watchlist",
                            JSON.writeValueAsString(Map.of(
                                    "name",
                                    "svchost",
                                    "index_type",
                                    "events",
                                    "search_query",
                                    "cb.urlver=1&q=process_name%3Asvchost.exe")))
                    .json()
                    .get("id")
                    .asLong();
            assertEquals(0, t.server.watchlists().runner().runAll());
            Replay.run(t.sensorClient(), sources, "", null);
            t.server.ingest().pipeline().awaitIndexed(120_000);
            // The pipeline hands each upload to its listeners, the stream among them, before it counts the upload
            // indexed, and drain() returns once the stream has matched and published all it was handed: whatever a
            // stream that was on would report is with the bus publisher now, before anything the run below reports.
            t.server.intel().watchlistStream().drain();
            Set<String> expected = processSearch(t, "process_name:svchost.exe");
            assertFalse(expected.isEmpty());
            // The run's hits are the marker that proves nothing was streamed. WatchlistHits serialises reporting and
            // tags a process before publishing it, so a streamed process would not be new to the run: the run finds
            // them all. And one publisher thread sends notifications in order on one channel, which the recorder's
            // queue keeps, so a streamed hit would have arrived before the run's: until the run's last document,
            // nothing else arrives.
            assertEquals(expected.size(), t.server.watchlists().runner().runAll());
            List<BusRecorder.Message> arrived = received.receiveUntil(m -> docCount(m) >= expected.size(), 60_000);
            assertEquals(expected.size(), docCount(arrived), "nothing streamed");
            assertEquals(expected, docIds(of(arrived, id), "watchlist.hit.process", "id"));
        }
    }

    private static Set<String> processSearch(TestServer t, String q) throws Exception {
        JsonNode r = t.get("/api/v1/process?" + TestServer.processQuery(q, "&cb.group=id&rows=10000"))
                .json();
        Set<String> out = new TreeSet<>();
        r.get("results").forEach(p -> out.add(p.get("id").asText()));
        assertEquals(r.get("total_results").asInt(), out.size());
        return out;
    }

    private static Set<String> binarySearch(TestServer t, String q) throws Exception {
        JsonNode r = t.get("/api/v1/binary?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&rows=10000")
                .json();
        Set<String> out = new TreeSet<>();
        r.get("results").forEach(b -> out.add(b.get("md5").asText()));
        assertEquals(r.get("total_results").asInt(), out.size());
        return out;
    }

    /** The messages of one watchlist. */
    private static List<BusRecorder.Message> of(List<BusRecorder.Message> messages, long watchlistId) {
        return messages.stream()
                .filter(m -> m.body().path("watchlist_id").asLong() == watchlistId)
                .toList();
    }

    private static Set<String> docIds(List<BusRecorder.Message> messages, String key, String field) {
        Set<String> out = new TreeSet<>();
        for (BusRecorder.Message m : messages) {
            if (!m.key().equals(key)) continue;
            m.body()
                    .get("docs")
                    .forEach(d -> assertTrue(out.add(d.get(field).asText()), "reported once: " + d.get(field)));
        }
        return out;
    }

    /** Documents in the messages, counted: coalesced hit messages carry many. */
    private static int docCount(List<BusRecorder.Message> messages) {
        return messages.stream().mapToInt(m -> m.body().path("docs").size()).sum();
    }

    private static Set<String> topLevel(List<BusRecorder.Message> messages, String key, String field) {
        Set<String> out = new TreeSet<>();
        for (BusRecorder.Message m : messages) {
            if (m.key().equals(key)) assertTrue(out.add(m.body().get(field).asText()));
        }
        return out;
    }

    private static String mostCommonProcessName(List<ReplaySource> sources) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (ReplaySource s : sources) {
            for (byte[] u : s.uploads()) {
                for (CbEventMsg e :
                        EventLogReader.decodeStrict(u, Integer.MAX_VALUE - 16).events()) {
                    if (!e.hasProcess() || !e.getProcess().getCreated()) continue;
                    String path = e.getHeader().getProcessPath();
                    String name = path.substring(path.lastIndexOf('\\') + 1).toLowerCase(java.util.Locale.ROOT);
                    if (name.matches("[a-z0-9_.-]+")) counts.merge(name, 1, Integer::sum);
                }
            }
        }
        return counts.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow()
                .getKey();
    }
}
