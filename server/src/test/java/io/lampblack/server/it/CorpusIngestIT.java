package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.sensor.replay.CorpusLoader;
import io.lampblack.sensor.replay.Replay;
import io.lampblack.sensor.replay.ReplaySource;
import io.lampblack.server.support.TestServer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        sources = CorpusLoader.load(
                List.of(
                        corpus.resolve("protobuf"),
                        corpus.resolve("rawsensordata/zip"),
                        corpus.resolve("rawsensordata/bundles")),
                500);
        mappings = Replay.run(server.sensorClient(), sources, "", null);
        server.server.ingest().pipeline().awaitIndexed(60_000);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static int sensorFor(String host) {
        return mappings.stream()
                .filter(m -> m.hostname().equals(host))
                .findFirst()
                .orElseThrow()
                .sensorId();
    }

    @Test
    void everyUploadBecomesOneSegmentPerProcess() throws Exception {
        long expected = 0;
        for (ReplaySource src : sources) {
            for (byte[] upload : src.uploads()) {
                Set<String> processes = new HashSet<>();
                for (CbEventMsg ev : EventLogReader.decodeStrict(upload, Integer.MAX_VALUE - 16)
                        .events()) {
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
        assertEquals(0, server.server.ingest().pipeline().deadLettered());
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
        assertEquals(
                "c:\\windows\\system32\\searchprotocolhost.exe", p.get("path").asText());
        assertTrue(
                p.get("cmdline").asText().startsWith("\"C:\\Windows\\system32\\SearchProtocolHost.exe\""),
                p.get("cmdline").asText());
        assertEquals("SYSTEM", p.get("username").asText());
        assertEquals("searchindexer.exe", p.get("parent_name").asText());
        assertEquals(2804, p.get("parent_pid").asInt());
        assertEquals(
                new ProcessGuid(sensor, 2804, 130919142851396573L).toString(),
                p.get("parent_id").asText());
        assertEquals("2015-11-16T18:10:23.671Z", p.get("start").asText());
        assertEquals("JASON-WIN81-VM", p.get("hostname").asText());
        assertEquals("Default Group", p.get("group").asText());
        assertEquals("windows", p.get("os_type").asText());
        assertEquals(sensor, p.get("sensor_id").asInt());
        assertEquals("d6021013d7c4e248aeb8bed12d3dcc88", p.get("process_md5").asText());
        assertTrue(
                p.get("unique_id").asText().matches(guid + "-[0-9a-f]{12}"),
                p.get("unique_id").asText());
        assertTrue(body.has("parent") && body.has("children") && body.has("siblings"));
    }

    @Test
    void wholeProcessCountsAndEventsMatchTheRawEvents() throws Exception {
        // procexp64 on WIN-OTEMNUTBS23: the corpus holds 61 regmods, 83 modloads and 4 filemods for it (reference
        // §3.1).
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

        JsonNode segs = server.get("/api/v1/process/" + guid + "/segment")
                .json()
                .get("process")
                .get("segments");
        assertTrue(segs.size() >= 1);
        for (JsonNode s : segs) {
            assertEquals(49, s.get("unique_id").asText().length());
            // every segment can be fetched on its own and carries the full metadata
            JsonNode one = server.get("/api/v2/process/" + guid + "/"
                            + s.get("segment_id").asLong())
                    .json();
            assertEquals("procexp64.exe", one.get("process_name").asText());
        }
    }

    @Test
    void netconnEventsRenderPerApiVersion() throws Exception {
        // Find any process with a netconn and compare the v1 pipe string with the v4 object form.
        JsonNode all = server.get("/api/v1/process?q=&rows=2000").json().get("results");
        JsonNode withNet = null;
        for (JsonNode d : all)
            if (d.get("netconn_count").asInt() > 0) {
                withNet = d;
                break;
            }
        assertTrue(withNet != null, "the corpus has netconn events");
        String path = "/process/" + withNet.get("id").asText() + "/"
                + withNet.get("segment_id").asLong() + "/event";
        JsonNode v1 = server.get("/api/v1" + path).json().get("process").get("netconn_complete");
        JsonNode v4 = server.get("/api/v4" + path).json().get("process").get("netconn_complete");
        assertEquals(v1.size(), v4.size());
        assertTrue(
                v1.get(0).isTextual() && v1.get(0).asText().split("\\|", -1).length == 6,
                v1.get(0).toString());
        assertTrue(
                v4.get(0).get("remote_ip").asText().matches("\\d+\\.\\d+\\.\\d+\\.\\d+"),
                v4.get(0).toString());
        assertTrue(v4.get(0).get("direction").isTextual());
    }

    /** Timestamps cbapi parses with strptime: exactly one of these two forms. */
    private static final String SOLR_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?Z";

    @Test
    void cbapiProcessQueryFlowWorks() throws Exception {
        // What CbResponseAPI() does first (reference rest_api.md §3), then select(Process).where(...) iteration.
        assertEquals("6.2.0", server.get("/api/info").json().get("version").asText());
        assertEquals(200, server.get("/api/v1/storage/events/partition").status());
        String q = "process_name:svchost.exe";
        long total = server.get("/api/v1/process?cb.urlver=1&facet=false&q=" + java.net.URLEncoder.encode(q, "UTF-8")
                        + "&rows=0&start=0")
                .json()
                .get("total_results")
                .asLong();
        assertTrue(total > 0, "the corpus has svchost.exe segments");
        java.util.Set<String> seen = new HashSet<>();
        int start = 0;
        while (true) {
            JsonNode page = server.get("/api/v1/process?cb.urlver=1&facet=false&q=process_name%3Asvchost.exe&rows=100"
                            + "&sort=last_update+desc&start=" + start)
                    .json();
            assertEquals(total, page.get("total_results").asLong());
            JsonNode results = page.get("results");
            for (JsonNode d : results) {
                assertEquals("svchost.exe", d.get("process_name").asText());
                assertTrue(seen.add(d.get("unique_id").asText()), "no segment twice across pages");
                assertTrue(d.get("segment_id").isIntegralNumber());
                assertTrue(d.get("process_pid").isInt() && d.get("sensor_id").isInt());
                assertTrue(d.get("terminated").isBoolean());
                assertTrue(d.get("parent_unique_id").isTextual());
                for (String t : List.of("start", "last_update", "last_server_update")) {
                    assertTrue(d.get(t).asText().matches(SOLR_TIME), t + " = " + d.get(t));
                }
                for (String k :
                        List.of("id", "unique_id", "process_md5", "path", "cmdline", "hostname", "username", "group")) {
                    assertTrue(d.get(k).isTextual(), k);
                }
            }
            start += results.size();
            if (results.isEmpty() || start >= total) break;
        }
        assertEquals(total, seen.size());
        assertTrue(server.get("/api/v1/process?q=process_name%3Asvchost.exe&rows=1")
                .json()
                .get("terms")
                .toString()
                .contains("process_name:svchost.exe"));
    }

    @Test
    void resultsAreSortedAsAsked() throws Exception {
        JsonNode r = server.get("/api/v1/process?q=&rows=50&sort=modload_count+desc")
                .json()
                .get("results");
        for (int i = 1; i < r.size(); i++) {
            assertTrue(r.get(i - 1).get("modload_count").asInt()
                    >= r.get(i).get("modload_count").asInt());
        }
        JsonNode byTime = server.get("/api/v1/process?q=&rows=50").json().get("results");
        for (int i = 1; i < byTime.size(); i++) {
            assertTrue(
                    java.time.Instant.parse(byTime.get(i - 1).get("last_update").asText())
                                    .compareTo(java.time.Instant.parse(
                                            byTime.get(i).get("last_update").asText()))
                            >= 0);
        }
    }

    @Test
    void metadataAndEventFieldsAreSearchable() throws Exception {
        String host = "hostname:WIN-OTEMNUTBS23 process_name:procexp64.exe";
        JsonNode r = server.get(TestServer.processQuery(host, "")).json();
        assertTrue(r.get("total_results").asInt() > 0);
        for (JsonNode d : r.get("results"))
            assertEquals("WIN-OTEMNUTBS23", d.get("hostname").asText());
        // An event-derived field: a module the process loaded, by a right-anchored sub-path.
        JsonNode mod = server.get(TestServer.processQuery("modload:ntdll.dll process_name:procexp64.exe", ""))
                .json();
        assertTrue(mod.get("total_results").asInt() > 0);
        // OR, NOT and grouping.
        long a = count("process_name:svchost.exe");
        long b = count("process_name:explorer.exe");
        assertEquals(a + b, count("process_name:svchost.exe OR process_name:explorer.exe"));
        assertEquals(
                count("hostname:JASON-WIN81-VM") - count("hostname:JASON-WIN81-VM process_name:svchost.exe"),
                count("hostname:JASON-WIN81-VM -process_name:svchost.exe"));
        // cb.q.<field> is ANDed with q.
        assertEquals(
                count("hostname:JASON-WIN81-VM process_name:svchost.exe"),
                server.get("/api/v1/process?q=process_name%3Asvchost.exe&cb.q.hostname=JASON-WIN81-VM&rows=0")
                        .json()
                        .get("total_results")
                        .asLong());
    }

    @Test
    void highlightsGroupingHostCountAndPreviewOverRest() throws Exception {
        JsonNode r = server.get(TestServer.processQuery("process_name:procexp64.exe", ""))
                .json();
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.Set<String> guids = new java.util.HashSet<>();
        for (JsonNode d : r.get("results")) {
            ids.add(d.get("unique_id").asText());
            guids.add(d.get("id").asText());
        }
        JsonNode hl = r.get("highlights");
        assertEquals(1, hl.size(), hl.toString());
        assertEquals("PREPREPREprocexp64.exePOSTPOSTPOST", hl.get(0).get("name").asText());
        for (JsonNode id : hl.get(0).get("ids")) assertTrue(ids.contains(id.asText()));
        assertFalse(r.get("comprehensive_search").asBoolean());

        // cb.group=id: one row per process, and the total counts processes.
        JsonNode grouped = server.get(TestServer.processQuery("process_name:procexp64.exe", "&cb.group=id"))
                .json();
        assertEquals(guids.size(), grouped.get("total_results").asInt());
        java.util.Set<String> groupedIds = new java.util.HashSet<>();
        for (JsonNode d : grouped.get("results"))
            assertTrue(groupedIds.add(d.get("id").asText()));
        assertEquals(guids, groupedIds);

        // An AND with an event field is evaluated per process and says so.
        JsonNode joined = server.get(TestServer.processQuery("process_name:procexp64.exe modload:ntdll.dll", ""))
                .json();
        assertTrue(joined.get("comprehensive_search").asBoolean());
        assertTrue(joined.get("total_results").asInt() > 0);

        // host/count for the image's MD5.
        JsonNode doc = r.get("results").get(0);
        String md5 = doc.get("process_md5").asText();
        JsonNode freq = server.get("/api/v1/process/host/count?cb.freqver=1&name=md5&md5=" + md5.toUpperCase())
                .json();
        // As cbapi reads it: computers, executions (processes), all process documents.
        assertTrue(freq.get("hostCount").asInt() >= 1);
        JsonNode byProcess = server.get(TestServer.processQuery("process_md5:" + md5, "&cb.group=id&rows=0"))
                .json();
        assertEquals(
                byProcess.get("total_results").asLong(), freq.get("globalCount").asLong());
        assertEquals(count(""), freq.get("numDocs").asLong());
        assertEquals(
                400,
                server.get("/api/v1/process/host/count?name=path&md5=" + md5).status());

        // preview of a segment holding the module: matching modloads first, wrapped, at most 20 per type.
        doc = server.get(TestServer.processQuery(
                        "process_name:procexp64.exe modload:ntdll.dll", "&cb.legacy_5x_mode=true"))
                .json()
                .get("results")
                .get(0);
        String seg = doc.get("id").asText() + "/" + doc.get("segment_id").asText();
        JsonNode p = server.get("/api/v1/process/" + seg + "/preview?q="
                        + java.net.URLEncoder.encode("modload:ntdll.dll", "UTF-8"))
                .json();
        JsonNode mods = p.get("modload_complete");
        assertTrue(mods.size() <= 20 && mods.size() > 0, p.toString());
        assertTrue(
                mods.get(0).asText().contains("PREPREPREntdll.dllPOSTPOSTPOST"),
                mods.get(0).asText());
        assertEquals(doc.get("modload_count").asInt(), p.get("modload_count").asInt());
        assertEquals(
                400, server.get("/api/v1/process/" + seg + "/preview?q=%28").status());
        // No threat intelligence yet: an empty list for a known process, 404 for an unknown one.
        assertEquals(
                "[]",
                server.get("/api/v1/process/" + seg + "/threat_intel_hits").text());
        assertEquals(
                404,
                server.get("/api/v1/process/00000001-0000-0000-0000-000000000000/0/threat_intel_hits")
                        .status());
    }

    @Test
    void postFormAndJsonSearchEqualGet() throws Exception {
        long expected = count("process_name:svchost.exe");
        TestServer.Response form = server.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.server.url() + "/api/v1/process"))
                .header("X-Auth-Token", server.token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("q=process_name%3Asvchost.exe&rows=0")));
        assertEquals(200, form.status(), form.text());
        assertEquals(expected, form.json().get("total_results").asLong());
        TestServer.Response json =
                server.post("/api/v1/process", "{\"q\": [\"process_name:svchost.exe\"], \"rows\": 0}");
        assertEquals(expected, json.json().get("total_results").asLong());
    }

    private static String orOfWords(int n) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < n; i++) q.append(i == 0 ? "" : "+OR+").append(String.format("%032x", i));
        return q.toString();
    }

    private static TestServer.Response postForm(String body) throws Exception {
        return server.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.server.url() + "/api/v1/process"))
                        .header("X-Auth-Token", server.token)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    private static long count(String q) throws Exception {
        return server.get("/api/v1/process?rows=0&q=" + java.net.URLEncoder.encode(q, "UTF-8"))
                .json()
                .get("total_results")
                .asLong();
    }

    @Test
    void badQueriesAre400WithTheCarbonBlackReason() throws Exception {
        for (String q : List.of("(process_name:a", "process_name:[1 TO", "filemod:*\\temp\\evil.dll")) {
            TestServer.Response r = server.get("/api/v1/process?q=" + java.net.URLEncoder.encode(q, "UTF-8"));
            assertEquals(400, r.status(), q);
            assertEquals("query_malformed_syntax", r.json().get("reason").asText(), q);
        }
        assertEquals(400, server.get("/api/v1/process?q=&rows=abc").status());
        // Bare hashes expand over every default field: a few hundred still work, thousands are refused as a 400.
        assertEquals(200, postForm("q=" + orOfWords(300) + "&rows=0").status());
        TestServer.Response huge = postForm("q=" + orOfWords(3000) + "&rows=0");
        assertEquals(400, huge.status(), huge.text());
        assertEquals("query_malformed_syntax", huge.json().get("reason").asText());
        TestServer.Response badForm = postForm("q=%zz");
        assertEquals(400, badForm.status(), badForm.text());
        assertEquals("invalid_parameter", badForm.json().get("reason").asText());
    }

    @Test
    void childprocCrossprocAndFilemodEventsHaveTheirDocumentedShapes() throws Exception {
        JsonNode all = server.get("/api/v1/process?q=&rows=5000").json().get("results");
        boolean sawChild = false;
        boolean sawCross = false;
        boolean sawFilemod = false;
        for (JsonNode d : all) {
            String path = "/process/" + d.get("id").asText() + "/"
                    + d.get("segment_id").asLong() + "/event";
            if (!sawChild && d.get("childproc_count").asInt() > 0) {
                JsonNode v1 = server.get("/api/v1" + path)
                        .json()
                        .get("process")
                        .get("childproc_complete")
                        .get(0);
                assertEquals(
                        7, v1.asText().split("\\|", -1).length, v1.asText()); // ts|child id|md5|path|pid|started|tamper
                JsonNode v3 = server.get("/api/v3" + path)
                        .json()
                        .get("process")
                        .get("childproc_complete")
                        .get(0);
                for (String k : List.of(
                        "processId",
                        "md5",
                        "path",
                        "pid",
                        "type",
                        "start",
                        "end",
                        "is_suppressed",
                        "is_tampered",
                        "commandLine",
                        "userName")) {
                    assertTrue(v3.has(k), k + " in " + v3);
                }
                assertTrue(v3.get("type").asText().matches("start|end"));
                sawChild = true;
            }
            if (!sawCross && d.get("crossproc_count").asInt() > 0) {
                String x = server.get("/api/v4" + path)
                        .json()
                        .get("process")
                        .get("crossproc_complete")
                        .get(0)
                        .asText();
                String[] f = x.split("\\|", -1);
                assertTrue(f[0].equals("ProcessOpen") || f[0].equals("RemoteThread"), x);
                assertTrue(f.length >= 8 && f[2].matches("[0-9a-f-]{49}"), x);
                sawCross = true;
            }
            if (!sawFilemod && d.get("filemod_count").asInt() > 0) {
                String fm = server.get("/api/v4" + path)
                        .json()
                        .get("process")
                        .get("filemod_complete")
                        .get(0)
                        .asText();
                String[] f = fm.split("\\|", -1);
                assertEquals(6, f.length, fm); // type|ts|path|md5|filetype|tamper
                assertTrue(f[0].matches("1|2|4|8") && f[5].matches("true|false"), fm);
                sawFilemod = true;
            }
        }
        assertTrue(sawChild && sawCross && sawFilemod, "the corpus has childproc, crossproc and filemod events");
    }

    @Test
    void unknownProcessIs404AndPartitionListingHasTheHotPartition() throws Exception {
        assertEquals(
                404,
                server.get("/api/v1/process/00000099-0000-0001-0000-000000000001/0")
                        .status());
        JsonNode parts = server.get("/api/v1/storage/events/partition").json();
        JsonNode writer = parts.get("writer");
        assertEquals("hot", writer.get("status").asText());
        assertTrue(writer.get("info").get("numDocs").asInt() > 0);
        assertEquals(false, writer.get("info").get("isLegacy").asBoolean());
    }
}
