package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.sensor.replay.CorpusLoader;
import io.lampblack.sensor.replay.Replay;
import io.lampblack.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The captured corpus replayed over the sensor protocol. Its 408 module-info messages describe 408 distinct files;
 * 377 of them were new to the capturing Carbon Black server, which published their documents
 * ({@code watchlist.hit.binary}). Lampblack's documents for those 377 match Carbon Black's field for field wherever
 * the sensor's data decides the value.
 */
class BinaryCorpusIT {

    @TempDir
    static Path data;

    static TestServer server;
    static List<Replay.Mapping> mappings;

    @BeforeAll
    static void replay() throws Exception {
        Path corpus = TestServer.corpus();
        assumeTrue(corpus != null, "shared corpus not found beside the project; skipping");
        server = TestServer.start(data);
        mappings = Replay.run(
                server.sensorClient(),
                CorpusLoader.load(
                        List.of(
                                corpus.resolve("protobuf"),
                                corpus.resolve("rawsensordata/zip"),
                                corpus.resolve("rawsensordata/bundles")),
                        500),
                "",
                null);
        server.server.ingest().pipeline().awaitIndexed(60_000);
        server.server.binaries().catalog().flush();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static Map<String, JsonNode> captured() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, JsonNode> docs = new HashMap<>();
        try (Stream<Path> files = Files.list(TestServer.corpus().resolve("json/watchlist.hit.binary"))) {
            for (Path f : files.toList()) {
                mapper.readTree(f.toFile())
                        .get("docs")
                        .forEach(d -> docs.put(d.get("md5").asText(), d));
            }
        }
        return docs;
    }

    @Test
    void moduleInfoBecomesTheDocumentsCarbonBlackPublished() throws Exception {
        Map<String, JsonNode> expected = captured();
        assertEquals(377, expected.size());
        JsonNode r = server.get("/api/v1/binary?q=digsig_result:*&rows=1000").json();
        assertEquals(408, r.get("total_results").asInt(), "one document per MD5 that module info described");
        int sensor = mappings.stream()
                .filter(m -> m.hostname().equals("WIN-OTEMNUTBS23"))
                .findFirst()
                .orElseThrow()
                .sensorId();
        int compared = 0;
        for (JsonNode doc : r.get("results")) {
            String md5 = doc.get("md5").asText();
            JsonNode cb = expected.get(md5);
            if (cb == null) continue; // known to that server before the capture: no document published
            compared++;
            for (String field : List.of(
                    "digsig_result",
                    "digsig_result_code",
                    "signed",
                    "is_64bit",
                    "is_executable_image",
                    "orig_mod_len",
                    "copied_mod_len",
                    "product_name",
                    "company_name",
                    "file_version",
                    "file_desc",
                    "internal_name",
                    "original_filename",
                    "legal_copyright",
                    "product_version",
                    "digsig_publisher",
                    "digsig_issuer",
                    "digsig_subject",
                    "digsig_prog_name",
                    "group",
                    "host_count",
                    "os_type")) {
                assertEquals(cb.get(field), doc.get(field), md5 + " " + field);
            }
            assertEquals("WIN-OTEMNUTBS23|" + sensor, doc.get("endpoint").get(0).asText());
            // Carbon Black's document is a snapshot from the first sighting; ours also has the paths modloads named
            // later (e.g. the syswow64 copy of a DLL), after the module message's own.
            assertEquals(
                    cb.get("observed_filename").get(0),
                    doc.get("observed_filename").get(0),
                    md5);
            assertEquals(cb.has("digsig_sign_time"), doc.has("digsig_sign_time"), md5);
        }
        assertEquals(377, compared);
    }

    @Test
    void onlyBinariesDescribedByModuleMessagesAreShown() throws Exception {
        long all = server.get("/api/v1/binary?q=&rows=0")
                .json()
                .get("total_results")
                .asLong();
        // Modloads and process images name more MD5s than the module messages describe; only the 408 described ones
        // are binary documents.
        assertEquals(408, all);
        JsonNode facets = server.get("/api/v1/binary?q=&rows=0&facet=true&facet.field=digsig_result")
                .json()
                .get("facets")
                .get("digsig_result");
        Map<String, Integer> counts = new HashMap<>();
        facets.forEach(e -> counts.put(e.get("name").asText(), e.get("value").asInt()));
        // As the module messages say: 367 signed, 41 unsigned.
        assertEquals(Map.of("Signed", 367, "Unsigned", 41), counts);
    }
}
