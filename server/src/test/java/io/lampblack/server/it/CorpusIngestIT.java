package io.lampblack.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.sensor.replay.CorpusLoader;
import io.lampblack.sensor.replay.Replay;
import io.lampblack.sensor.replay.ReplaySource;
import io.lampblack.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole sample corpus replayed through the real ingest path (HTTPS sensor protocol, journal, pipeline, Lucene),
 * then read back through the Carbon Black process API the way cbapi reads it.
 */
class CorpusIngestIT {

    @TempDir
    static Path data;
    static TestServer server;
    static List<ReplaySource> sources;
    static List<Replay.Mapping> mappings;

    @BeforeAll
    static void replayCorpus() throws Exception {
        Path corpus = TestServer.corpus();
        assumeTrue(corpus != null, "shared corpus not found beside the project; skipping corpus ingest tests");
        server = TestServer.start(data);
        sources = CorpusLoader.load(List.of(corpus.resolve("protobuf"), corpus.resolve("rawsensordata/zip"),
                corpus.resolve("rawsensordata/bundles")), 500);
        mappings = Replay.run(server.sensorClient(), sources, "", null);
        server.server.pipeline().awaitIndexed(60_000);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static int sensorFor(String host) {
        return mappings.stream().filter(m -> m.hostname().equals(host)).findFirst().orElseThrow().sensorId();
    }

    @Test
    void everyUploadBecomesOneSegmentPerProcess() throws Exception {
        long expected = 0;
        for (ReplaySource src : sources) {
            for (byte[] upload : src.uploads()) {
                Set<String> processes = new HashSet<>();
                for (CbEventMsg ev : EventLogReader.decodeStrict(upload, Integer.MAX_VALUE - 16).events()) {
                    var h = ev.getHeader();
                    if (!ev.hasModule() && h.hasProcessPid() && h.hasProcessCreateTime()) {
                        processes.add(h.getProcessPid() + "/" + h.getProcessCreateTime());
                    }
                }
                expected += processes.size();
            }
        }
        assertTrue(expected > 179, "corpus yields more segments than processes");
        JsonNode r = server.get("/api/v1/process?cb.urlver=1&q=&rows=0&start=0").json();
        assertEquals(expected, r.get("total_results").asLong());
        assertEquals(0, r.get("results").size());
        assertEquals(0, server.server.pipeline().deadLettered());
    }

    @Test
    void processSummaryCarriesTheStartEventMetadata() throws Exception {
        int sensor = sensorFor("JASON-WIN81-VM");
        String guid = new ProcessGuid(sensor, 1972, 130921710236713495L).toString();
        TestServer.Response r = server.get("/api/v1/process/" + guid + "/0?children=15");
        assertEquals(200, r.status(), r.text());
        assertTrue(r.contentType().startsWith("application/json"));
        JsonNode body = r.json();
        JsonNode p = body.get("process");
        assertEquals(guid, p.get("id").asText());
        assertEquals("searchprotocolhost.exe", p.get("process_name").asText());
        assertEquals("c:\\windows\\system32\\searchprotocolhost.exe", p.get("path").asText());
        assertTrue(p.get("cmdline").asText().startsWith("\"C:\\Windows\\system32\\SearchProtocolHost.exe\""), p.get("cmdline").asText());
        assertEquals("SYSTEM", p.get("username").asText());
        assertEquals("searchindexer.exe", p.get("parent_name").asText());
        assertEquals(2804, p.get("parent_pid").asInt());
        assertEquals(new ProcessGuid(sensor, 2804, 130919142851396573L).toString(), p.get("parent_id").asText());
        assertEquals("2015-11-16T18:10:23.671Z", p.get("start").asText());
        assertEquals("JASON-WIN81-VM", p.get("hostname").asText());
        assertEquals("Default Group", p.get("group").asText());
        assertEquals("windows", p.get("os_type").asText());
        assertEquals(sensor, p.get("sensor_id").asInt());
        assertEquals("d6021013d7c4e248aeb8bed12d3dcc88", p.get("process_md5").asText());
        assertTrue(p.get("unique_id").asText().matches(guid + "-[0-9a-f]{12}"), p.get("unique_id").asText());
        assertTrue(body.has("parent") && body.has("children") && body.has("siblings"));
    }

    @Test
    void wholeProcessCountsAndEventsMatchTheRawEvents() throws Exception {
        // procexp64 on WIN-OTEMNUTBS23: the corpus holds 61 regmods, 83 modloads and 4 filemods for it (reference §3.1).
        String guid = new ProcessGuid(sensorFor("WIN-OTEMNUTBS23"), 4052, 130921712688191470L).toString();
        JsonNode p = server.get("/api/v1/process/" + guid + "/0").json().get("process");
        assertEquals(61, p.get("regmod_count").asInt());
        assertEquals(83, p.get("modload_count").asInt());
        assertEquals(4, p.get("filemod_count").asInt());

        JsonNode ev = server.get("/api/v4/process/" + guid + "/0/event").json();
        JsonNode proc = ev.get("process");
        assertEquals(83, proc.get("modload_complete").size());
        assertEquals(61, proc.get("regmod_complete").size());
        assertEquals(4, proc.get("filemod_complete").size());
        String modload = proc.get("modload_complete").get(0).asText();
        assertTrue(modload.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\|[0-9a-f]{32}\\|.+"), modload);
        String regmod = proc.get("regmod_complete").get(0).asText();
        assertTrue(regmod.matches("[1248]\\|\\d{4}-.*\\|\\\\registry\\\\.*\\|(true|false)"), regmod);
        assertTrue(ev.get("elapsed").isNumber());

        JsonNode segs = server.get("/api/v1/process/" + guid + "/segment").json().get("process").get("segments");
        assertTrue(segs.size() >= 1);
        for (JsonNode s : segs) {
            assertEquals(49, s.get("unique_id").asText().length());
            // every segment can be fetched on its own and carries the full metadata
            JsonNode one = server.get("/api/v2/process/" + guid + "/" + s.get("segment_id").asLong()).json();
            assertEquals("procexp64.exe", one.get("process_name").asText());
        }
    }

    @Test
    void netconnEventsRenderPerApiVersion() throws Exception {
        // Find any process with a netconn and compare the v1 pipe string with the v4 object form.
        JsonNode all = server.get("/api/v1/process?q=&rows=2000").json().get("results");
        JsonNode withNet = null;
        for (JsonNode d : all) if (d.get("netconn_count").asInt() > 0) { withNet = d; break; }
        assertTrue(withNet != null, "the corpus has netconn events");
        String path = "/process/" + withNet.get("id").asText() + "/" + withNet.get("segment_id").asLong() + "/event";
        JsonNode v1 = server.get("/api/v1" + path).json().get("process").get("netconn_complete");
        JsonNode v4 = server.get("/api/v4" + path).json().get("process").get("netconn_complete");
        assertEquals(v1.size(), v4.size());
        assertTrue(v1.get(0).isTextual() && v1.get(0).asText().split("\\|", -1).length == 6, v1.get(0).toString());
        assertTrue(v4.get(0).get("remote_ip").asText().matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), v4.get(0).toString());
        assertTrue(v4.get(0).get("direction").isTextual());
    }

    @Test
    void unknownProcessIs404AndPartitionListingHasTheHotPartition() throws Exception {
        assertEquals(404, server.get("/api/v1/process/00000099-0000-0001-0000-000000000001/0").status());
        JsonNode parts = server.get("/api/v1/storage/events/partition").json();
        JsonNode writer = parts.get("writer");
        assertEquals("hot", writer.get("status").asText());
        assertTrue(writer.get("info").get("numDocs").asInt() > 0);
        assertEquals(false, writer.get("info").get("isLegacy").asBoolean());
    }
}
