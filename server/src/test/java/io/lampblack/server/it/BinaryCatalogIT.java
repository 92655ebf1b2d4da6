package io.lampblack.server.it;

import static io.lampblack.server.binary.BinaryFixture.M1;
import static io.lampblack.server.binary.BinaryFixture.MC;
import static io.lampblack.server.binary.BinaryFixture.MJ;
import static io.lampblack.server.binary.BinaryFixture.MX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.binary.BinaryEvents;
import io.lampblack.server.binary.BinaryFixture;
import io.lampblack.server.support.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary catalog end to end: a sensor uploads event logs with module-info events and process activity and a
 * binary file over the sensor protocol; an analyst reads them back over HTTPS through the Carbon Black binary API,
 * and process search joins on them.
 */
class BinaryCatalogIT {

    /** A real file whose MD5 the store can check; described by a module-info event as tool.exe. */
    private static final byte[] TOOL = ("MZ\u0090\u0000 this program cannot be run in DOS mode " + "x".repeat(3000))
            .getBytes(StandardCharsets.ISO_8859_1);

    private static final String RUNDLL_MD5 = "33333333333333333333333333333333";

    @TempDir
    static Path data;

    static TestServer server;
    static SensorClient client;
    static SensorClient.Identity h1;
    static SensorClient.Identity dc01;
    static String tool;

    @BeforeAll
    static void upload() throws Exception {
        server = TestServer.start(data);
        client = server.sensorClient();
        h1 = register("WIN-5IKQDNF9GO1");
        dc01 = register("DC01");
        tool = HexFormat.of()
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("MD5").digest(TOOL));

        long now = System.currentTimeMillis();
        long created = now - 60_000;
        List<CbEventMsg> events = new ArrayList<>(BinaryFixture.all());
        // rundll32 loads evil.dll (MX); cmd.exe (MC) writes it; notepad (M1) just runs.
        events.add(BinaryEvents.processStart(
                500, created, "c:\\windows\\system32\\rundll32.exe", RUNDLL_MD5, "rundll32.exe evil.dll,Run"));
        events.add(BinaryEvents.modload(
                500, created, created + 5, "c:\\users\\mallory\\appdata\\local\\temp\\evil.dll", MX));
        events.add(BinaryEvents.processStart(600, created, "c:\\windows\\system32\\notepad.exe", M1, "notepad.exe"));
        events.add(BinaryEvents.processStart(700, created, "c:\\windows\\system32\\cmd.exe", MC, "cmd.exe /c copy"));
        events.add(BinaryEvents.lastWrite(
                700, created, created + 9, "c:\\users\\mallory\\appdata\\local\\temp\\evil.dll", MX));
        assertEquals(
                events.size(),
                client.upload(h1, "binaries-1", BinaryEvents.upload(events)).events());
        // A later upload: the tool's metadata, and evil.dll seen on a second host.
        client.upload(
                h1,
                "binaries-2",
                BinaryEvents.upload(List.of(BinaryEvents.moduleEvent(
                        BinaryEvents.module(
                                        tool, TOOL.length, "c:\\tools\\tool.exe", BinaryEvents.AMD64, BinaryEvents.EXE)
                                .setUtf8DigSigResult("Unsigned")
                                .setUtf8FileDescription("Lampblack test tool"),
                        now))));
        client.upload(dc01, "binaries-3", BinaryEvents.upload(List.of(BinaryFixture.mx())));
        // Re-sent (same upload id): acknowledged, not observed twice.
        assertTrue(client.upload(dc01, "binaries-3", BinaryEvents.upload(List.of(BinaryFixture.mx())))
                .duplicate());
        client.uploadBinary(h1, TOOL);
        searchable();
    }

    private static SensorClient.Identity register(String hostname) throws Exception {
        RegisterResponse r =
                client.register(new RegisterRequest(hostname, null, "windows", "workstation", null, null, null, 1), "");
        return new SensorClient.Identity(r.sensorId(), r.secret());
    }

    /** Everything uploaded so far indexed, and the catalog's pending observations written. */
    private static void searchable() throws Exception {
        server.server.ingest().pipeline().awaitIndexed(30_000);
        server.server.binaries().catalog().flush();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static JsonNode search(String q, String extra) throws Exception {
        TestServer.Response r =
                server.get("/api/v1/binary?cb.urlver=1&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + extra);
        assertEquals(200, r.status(), r.text());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        return r.json();
    }

    private static Set<String> md5s(String q) throws Exception {
        Set<String> out = new TreeSet<>();
        search(q, "&rows=100").get("results").forEach(d -> out.add(d.get("md5").asText()));
        return out;
    }

    private static Set<String> set(String... md5s) {
        return new TreeSet<>(List.of(md5s));
    }

    @Test
    void referenceBinaryQueriesOverHttps() throws Exception {
        assertEquals(set(MJ), md5s("digsig_publisher:Oracle"));
        assertEquals(set(MJ), md5s("digsig_result:expired"));
        assertEquals(set(), md5s("digsig_result:\"Invalid Chain\""));
        assertEquals(set(M1, MC), md5s("product_name:\"windows operating system\""));
        assertEquals(set(M1, MJ), md5s("digsig_sign_time:[* TO 2011-12-31]"));
        assertEquals(set(MX), md5s("is_executable_image:FALSE"));
        assertEquals(set(M1), md5s("md5:" + M1));
        assertEquals(set(M1), md5s("md5:" + M1.toLowerCase()));
        assertEquals(set(MX), md5s("observed_filename:temp\\evil.dll"));
        assertEquals(set(tool), md5s("\"lampblack test tool\""));
    }

    @Test
    void searchEnvelopeDefaultsAndOrder() throws Exception {
        JsonNode r = search("", "");
        assertEquals(
                List.of("results", "total_results", "start", "elapsed", "terms", "highlights", "facets"),
                fieldNames(r));
        // The five binaries and the tool; rundll32's image, seen only as a process image, is not described.
        assertEquals(6, r.get("total_results").asInt());
        assertEquals(6, r.get("results").size(), "rows defaults to 10");
        assertEquals(0, r.get("start").asInt());
        assertTrue(r.get("facets").isObject() && r.get("facets").isEmpty());
        // Newest first: the tool came in the second upload.
        assertEquals(tool, r.get("results").get(0).get("md5").asText());
        JsonNode page = search("", "&rows=2&start=1&sort=orig_mod_len+asc");
        assertEquals(6, page.get("total_results").asInt());
        // Sizes: MX 8, the tool ~3 KB, MJ 187832...
        assertEquals(
                List.of(tool, MJ),
                List.of(
                        page.get("results").get(0).get("md5").asText(),
                        page.get("results").get(1).get("md5").asText()));
        // rundll32's image was only seen running: not described, so not a binary document.
        assertEquals(
                404, server.get("/api/v1/binary/" + RUNDLL_MD5 + "/summary").status());
        assertEquals(
                List.of("digsig_result:signed"),
                fieldValues(search("digsig_result:signed", "").get("terms")));
    }

    @Test
    void facetsAreCountedOnRequest() throws Exception {
        JsonNode facets = search(
                        "",
                        "&rows=0&facet=true&facet.field=digsig_result&facet.field=company_name_facet"
                                + "&facet.field=server_added_timestamp")
                .get("facets");
        assertEquals(List.of("digsig_result", "company_name_facet", "server_added_timestamp"), fieldNames(facets));
        JsonNode signed = facets.get("digsig_result").get(0);
        assertEquals(List.of("name", "value", "percent", "ratio"), fieldNames(signed));
        assertEquals("Signed", signed.get("name").asText());
        assertEquals(3, signed.get("value").asInt());
        assertEquals(100, signed.get("percent").asInt());
        assertEquals(50.0, signed.get("ratio").asDouble());
        Map<String, Integer> counts = new HashMap<>();
        facets.get("digsig_result")
                .forEach(e -> counts.put(e.get("name").asText(), e.get("value").asInt()));
        assertEquals(Map.of("Signed", 3, "Unsigned", 2, "Expired", 1), counts);
        Map<String, Integer> companies = new HashMap<>();
        facets.get("company_name_facet")
                .forEach(e ->
                        companies.put(e.get("name").asText(), e.get("value").asInt()));
        assertEquals(2, companies.get("Microsoft Corporation"));
        assertEquals(2, companies.get("(unknown)"), "module messages without a company name: MX and the tool");
        JsonNode days = facets.get("server_added_timestamp");
        assertEquals(30, days.size());
        assertEquals(6, days.get(29).get("value").asInt(), "everything arrived today");
    }

    @Test
    void summaryIsTheCarbonBlackBinaryDocument() throws Exception {
        TestServer.Response r = server.get("/api/v1/binary/" + M1.toLowerCase() + "/summary");
        assertEquals(200, r.status(), r.text());
        JsonNode d = r.json();
        assertEquals(M1, d.get("md5").asText());
        assertEquals("Signed", d.get("signed").asText());
        assertEquals("Signed", d.get("digsig_result").asText());
        assertEquals("Microsoft Corporation", d.get("company_name").asText());
        assertEquals("2009-07-14T12:00:00.000Z", d.get("digsig_sign_time").asText());
        assertEquals(193536, d.get("orig_mod_len").asLong());
        assertTrue(d.get("is_64bit").asBoolean());
        assertTrue(d.get("is_executable_image").asBoolean());
        assertEquals(1, d.get("host_count").asInt());
        assertEquals(
                "WIN-5IKQDNF9GO1|" + h1.sensorId(), d.get("endpoint").get(0).asText());
        assertEquals("Default Group", d.get("group").get(0).asText());
        assertEquals(
                "c:\\windows\\system32\\notepad.exe",
                d.get("observed_filename").get(0).asText());
        assertEquals("Windows", d.get("os_type").asText());
        assertEquals(BinaryFixture.ICON_BASE64, d.get("icon").asText());
        assertTrue(d.get("watchlists").isArray());
        assertEquals(0, d.get("event_partition_id").get(0).asInt());
        assertTrue(d.get("cb_version").isInt());
        assertTrue(d.get("server_added_timestamp")
                .asText()
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));

        // Seen on two hosts; the re-sent upload counted once.
        JsonNode mx = server.get("/api/v1/binary/" + MX + "/summary").json();
        assertEquals(2, mx.get("host_count").asInt());
        assertEquals(
                Set.of("WIN-5IKQDNF9GO1|" + h1.sensorId(), "DC01|" + dc01.sensorId()),
                Set.copyOf(fieldValues(mx.get("endpoint"))));
        assertFalse(mx.has("icon"));

        TestServer.Response unknown = server.get("/api/v1/binary/FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF/summary");
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.json().get("reason").asText());
    }

    @Test
    void iconIsServedAsPng() throws Exception {
        TestServer.Response icon = server.get("/api/v1/binary/" + M1 + "/icon");
        assertEquals(200, icon.status());
        assertEquals("image/png", icon.contentType());
        assertArrayEquals(Base64.getDecoder().decode(BinaryFixture.ICON_BASE64), icon.body());
        assertEquals(404, server.get("/api/v1/binary/" + MX + "/icon").status());
        assertEquals(
                404,
                server.get("/api/v1/binary/FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF/icon")
                        .status());
    }

    @Test
    void uploadedFileIsDownloadedAsAZip() throws Exception {
        TestServer.Response r = server.get("/api/v1/binary/" + tool.toLowerCase());
        assertEquals(200, r.status(), r.text());
        assertEquals("application/zip", r.contentType());
        Map<String, byte[]> members = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                members.put(e.getName(), zip.readAllBytes());
            }
        }
        assertEquals(Set.of("filedata", "metadata"), members.keySet());
        assertArrayEquals(TOOL, members.get("filedata"));
        JsonNode metadata = new com.fasterxml.jackson.databind.ObjectMapper().readTree(members.get("metadata"));
        assertEquals(tool, metadata.get("md5").asText());
        assertEquals(
                "c:\\tools\\tool.exe", metadata.get("observed_filename").get(0).asText());
        // Known only from metadata: no file to download.
        assertEquals(404, server.get("/api/v1/binary/" + M1).status());
        assertEquals(404, server.get("/api/v1/binary/not-an-md5").status());
    }

    @Test
    void binaryUploadsAreVerifiedAgainstTheirMd5() throws Exception {
        var e = assertThrows(
                SensorClient.SensorProtocolException.class,
                () -> client.uploadBinary(h1, MX, "not evil at all".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(400, e.status());
        assertEquals("md5_mismatch", e.reason());
        assertEquals(404, server.get("/api/v1/binary/" + MX).status());
        assertTrue(client.uploadBinary(h1, TOOL).duplicate());
        var unauthenticated = assertThrows(
                SensorClient.SensorProtocolException.class,
                () -> client.uploadBinary(new SensorClient.Identity(h1.sensorId(), "wrong"), TOOL));
        assertEquals(401, unauthenticated.status());
    }

    @Test
    void malformedQueriesAndMissingTokensAreRefused() throws Exception {
        TestServer.Response bad =
                server.get("/api/v1/binary?q=" + URLEncoder.encode("(digsig_result:signed", StandardCharsets.UTF_8));
        assertEquals(400, bad.status());
        assertEquals("query_malformed_syntax", bad.json().get("reason").asText());
        TestServer.Response badSort = server.get("/api/v1/binary?q=&sort=nonsense+desc");
        assertEquals(400, badSort.status());
        assertEquals(401, server.getWithToken("/api/v1/binary?q=", null).status());
        assertEquals(
                401,
                server.getWithToken("/api/v1/binary/" + M1 + "/summary", null).status());
    }

    @Test
    void processSearchJoinsOnTheBinaryIndex() throws Exception {
        assertEquals(List.of("rundll32.exe"), processNames("digsig_result_modload:Unsigned"));
        assertEquals(List.of("cmd.exe"), processNames("is_executable_image_filewrite:false"));
        assertEquals(List.of("cmd.exe", "notepad.exe"), processNames("digsig_result:Signed"));
        assertEquals(List.of(), processNames("digsig_result_modload:Signed"));
        assertEquals(List.of("cmd.exe", "notepad.exe"), processNames("company_name:microsoft"));
    }

    @Test
    void binarySearchHighlightsTheMatchedWords() throws Exception {
        JsonNode hl = search("digsig_publisher:oracle", "").get("highlights");
        assertEquals(1, hl.size(), hl.toString());
        assertEquals(
                "PREPREPREOraclePOSTPOSTPOST America, Inc.",
                hl.get(0).get("name").asText());
        assertEquals(MJ, hl.get(0).get("ids").get(0).asText());
    }

    @Test
    void eventResponsesCarryTheDescribedBinaries() throws Exception {
        JsonNode row = server.get(TestServer.processQuery("process_name:rundll32.exe", ""))
                .json()
                .get("results")
                .get(0);
        JsonNode process = server.get("/api/v4/process/" + row.get("id").asText() + "/0/event")
                .json()
                .get("process");
        JsonNode binaries = process.get("binaries");
        // rundll32 loads evil.dll (MX, described); its own image was never described, so it is left out.
        assertTrue(binaries.has(MX), binaries.toString());
        assertEquals(MX, binaries.get(MX).get("md5").asText());
        assertFalse(binaries.has(RUNDLL_MD5.toUpperCase()), binaries.toString());
    }

    private static List<String> processNames(String q) throws Exception {
        TestServer.Response r = server.get(TestServer.processQuery(q, ""));
        assertEquals(200, r.status(), r.text());
        Set<String> names = new TreeSet<>();
        r.json().get("results").forEach(d -> names.add(d.get("process_name").asText()));
        return List.copyOf(names);
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> fieldValues(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
