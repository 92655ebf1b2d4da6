package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.server.support.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process report zip (reference §4.2): v1 with the network connections as CSV, v2 as JSON; the CSV files hold
 * one row per event of the process's event document; an unknown process is a 404 before anything is streamed.
 */
class ProcessReportIT {

    @TempDir
    Path data;

    @Test
    void reportZipInBothVersions() throws Exception {
        try (TestServer t = TestServer.start(data)) {
            String uniqueId = InvestigationIT.indexedProcess(t);
            String guid = uniqueId.substring(0, 36);
            JsonNode events =
                    t.get("/api/v1/process/" + guid + "/0/event").json().get("process");

            TestServer.Response v1 = t.get("/api/v1/process/" + guid + "/0/report");
            assertEquals(200, v1.status(), v1.text());
            assertEquals("application/zip", v1.contentType());
            Map<String, byte[]> files = unzip(v1.body());
            assertEquals(
                    java.util.List.of(
                            "csv/filemods.csv",
                            "csv/regmods.csv",
                            "csv/modloads.csv",
                            "csv/netconn.csv",
                            "json/process.json",
                            "json/summary.json"),
                    java.util.List.copyOf(files.keySet()));
            assertEquals(events.get("filemod_complete").size() + 1, lines(files.get("csv/filemods.csv")));
            assertEquals(events.get("modload_complete").size() + 1, lines(files.get("csv/modloads.csv")));
            assertEquals(events.get("netconn_complete").size() + 1, lines(files.get("csv/netconn.csv")));
            assertTrue(new String(files.get("csv/filemods.csv"), StandardCharsets.UTF_8)
                    .startsWith("type,timestamp,path"));
            ObjectMapper json = new ObjectMapper();
            assertEquals(
                    guid,
                    json.readTree(files.get("json/process.json")).get("id").asText());
            JsonNode summary = json.readTree(files.get("json/summary.json"));
            assertTrue(summary.has("process") && summary.has("parent") && summary.has("children"));

            TestServer.Response v2 = t.get("/api/v2/process/" + guid + "/0/report");
            assertEquals(200, v2.status());
            Map<String, byte[]> files2 = unzip(v2.body());
            assertTrue(files2.containsKey("json/netconn.json") && !files2.containsKey("csv/netconn.csv"));
            assertEquals(
                    events.get("netconn_complete").size(),
                    json.readTree(files2.get("json/netconn.json")).size());

            assertEquals(
                    404,
                    t.get("/api/v1/process/00000063-0000-0001-0000-000000000001/0/report")
                            .status());
            assertEquals(404, t.get("/api/v1/process/not-a-guid/0/report").status());
        }
    }

    @Test
    void processThreatIntelHitsNameTheReportsMatchingItsIndicators() throws Exception {
        try (TestServer t = TestServer.start(data)) {
            String guid = InvestigationIT.indexedProcess(t).substring(0, 36);
            String path = "/api/v1/process/" + guid + "/0/threat_intel_hits";
            assertEquals("[]", t.get(path).text(), "no feed yet: a known process has no hits");
            String md5 = t.get("/api/v1/process/" + guid + "/0/event")
                    .json()
                    .get("process")
                    .get("process_md5")
                    .asText();
            java.nio.file.Path feed = java.nio.file.Files.writeString(feeds.resolve("feed.json"), """
                    {"feedinfo": {"name": "procintel", "display_name": "P", "provider_url": "https://x", "summary": "s",
                      "tech_data": "t"},
                     "reports": [{"id": "image", "timestamp": 1700000000, "link": "https://x/i", "title": "image",
                       "score": 70, "iocs": {"md5": ["%s"]}}]}""".formatted(md5));
            assertEquals(
                    200,
                    t.post("/api/v1/feed", "{\"feed_url\": \"" + feed.toUri() + "\"}")
                            .status());
            JsonNode hits = t.get(path).json();
            assertEquals(1, hits.size(), hits.toString());
            assertEquals("image", hits.get(0).get("report_id").asText());
            assertEquals(
                    md5.toLowerCase(java.util.Locale.ROOT),
                    hits.get(0).get("ioc_value").asText());
            assertEquals(
                    404,
                    t.get("/api/v1/process/00000063-0000-0001-0000-000000000001/0/threat_intel_hits")
                            .status());
        }
    }

    @TempDir
    Path feeds;

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) out.put(e.getName(), in.readAllBytes());
        }
        return out;
    }

    private static int lines(byte[] csv) {
        String s = new String(csv, StandardCharsets.UTF_8);
        return s.isEmpty() ? 0 : s.split("\r\n", -1).length - 1;
    }
}
