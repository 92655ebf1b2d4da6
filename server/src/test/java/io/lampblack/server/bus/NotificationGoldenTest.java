package io.lampblack.server.bus;

import static io.lampblack.server.support.Golden.assertMatches;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.json.Json;
import io.lampblack.server.support.Golden;
import io.lampblack.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every notification the catalogue builds, byte for byte as the golden files have them, under its routing keys.
 * {@link NotificationCatalogTest} holds the same shapes against the captured corpus.
 */
class NotificationGoldenTest {

    private static final Instant T = Instant.parse("2015-11-16T18:14:28.819Z");
    private static final String MD5 = "edb8de74e38f1b6e4a9b8b8000334df7";
    private static final String GUID = "00000003-0000-0abc-01d1-2059b1d2c3e4";

    private static final NotificationCatalog.HitSource NETWORK =
            new NotificationCatalog.HitSource(24, "tor", "TOR-1", 50, "ipv4", "1.2.3.4", attr());
    private static final NotificationCatalog.HitSource HASH =
            new NotificationCatalog.HitSource(24, "tor", "TOR-2", 80, "md5", MD5, Json.MAPPER.createObjectNode());
    private static final NotificationCatalog.HitSubject PROCESS =
            new NotificationCatalog.HitSubject(3, "HOST-A", "Default Group", "windows", GUID, "");
    private static final NotificationCatalog.HitSubject BINARY =
            new NotificationCatalog.HitSubject(3, "HOST-A", "Default Group", "windows", "", MD5);

    private static ObjectNode attr() {
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put("local_ip", "10.0.0.1");
        a.put("port", 443);
        return a;
    }

    private static ObjectNode row() {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("id", GUID);
        r.put("unique_id", GUID + "-015c2f5bb68d");
        r.put("sensor_id", 3);
        r.put("group", "Default Group");
        r.put("segment_id", 1494000000000L);
        r.put("hostname", "HOST-A");
        return r;
    }

    private static ObjectNode binary() {
        ObjectNode b = Json.MAPPER.createObjectNode();
        b.put("md5", MD5.toUpperCase(java.util.Locale.ROOT));
        b.put("host_count", 2);
        return b;
    }

    private static void assertGolden(String name, String key, BusMessage m) {
        assertEquals(key, m.routingKey());
        assertEquals(NotificationCatalog.EVENTS_EXCHANGE, m.exchange());
        assertEquals(NotificationCatalog.JSON, m.contentType());
        assertMatches("bus/" + name + ".json", m.body());
    }

    /** The message under its keys: the 5.2 key with the feed id, then (when asked) the same body under the 5.1 key. */
    private static void assertGolden(String name, List<String> keys, List<BusMessage> ms) {
        assertEquals(keys, ms.stream().map(BusMessage::routingKey).toList());
        assertGolden(name, keys.getFirst(), ms.getFirst());
        for (BusMessage m : ms) assertArrayEquals(ms.getFirst().body(), m.body());
    }

    @Test
    void binaryInfo() {
        Map<String, Integer> scores = new LinkedHashMap<>();
        scores.put("alliance_score_yara", 0);
        scores.put("alliance_score_vt", 5);
        Map<String, String> watchlists = Map.of("watchlist_3", "2015-11-16T18:14:28.819Z");
        assertGolden(
                "binaryinfo.observed",
                "binaryinfo.observed",
                NotificationCatalog.binaryObserved(MD5, scores, watchlists, T));
        assertGolden(
                "binaryinfo.host.observed",
                "binaryinfo.host.observed",
                NotificationCatalog.binaryHostObserved(MD5, "WIN-OTEMNUTBS23", 7, scores, watchlists, T));
        assertGolden(
                "binaryinfo.group.observed",
                "binaryinfo.group.observed",
                NotificationCatalog.binaryGroupObserved(MD5, "Default Group", Map.of(), Map.of(), T));
        assertGolden(
                "binarystore.file.added",
                "binarystore.file.added",
                NotificationCatalog.binaryFileAdded(MD5, 126056, 57682, "/data/binaries/ed/EDB8.gz", T));
    }

    @Test
    void feedSynchronized() {
        assertGolden(
                "feed.synchronized",
                "feed.synchronized",
                NotificationCatalog.feedSynchronized(
                        36, "threatconnect", T.plusMillis(321), Optional.of(T.minusSeconds(5)), T));
        assertGolden(
                "feed.synchronized-noscan",
                "feed.synchronized",
                NotificationCatalog.feedSynchronized(65, "threatexchange", T, Optional.empty(), T));
    }

    @Test
    void feedIngressHits() {
        assertGolden(
                "feed.ingress.hit.process",
                List.of("feed.24.ingress.hit.process", "feed.ingress.hit.process"),
                NotificationCatalog.feedIngressHit(NETWORK, PROCESS, true, T));
        assertGolden(
                "feed.ingress.hit.binary",
                List.of("feed.24.ingress.hit.binary"),
                NotificationCatalog.feedIngressHit(HASH, BINARY, false, T));
    }

    @Test
    void feedQueryHits() {
        assertGolden(
                "feed.query.hit.process",
                List.of("feed.24.query.hit.process", "feed.query.hit.process"),
                NotificationCatalog.feedQueryHit(
                        24,
                        "tor",
                        "TOR-Q",
                        60,
                        "events",
                        "cb.urlver=1&q=process_name%3Aevil.exe",
                        row(),
                        true,
                        true,
                        T));
        assertGolden(
                "feed.query.hit.binary",
                List.of("feed.24.query.hit.binary"),
                NotificationCatalog.feedQueryHit(
                        24,
                        "tor",
                        "TOR-Q",
                        60,
                        "modules",
                        "cb.urlver=1&q=digsig_result%3AUnsigned",
                        binary(),
                        false,
                        false,
                        T));
    }

    @Test
    void feedStorageHits() {
        assertGolden(
                "feed.storage.hit.process",
                List.of("feed.24.storage.hit.process", "feed.storage.hit.process"),
                NotificationCatalog.feedStorageHit(NETWORK, PROCESS, row(), true, T));
        assertGolden(
                "feed.storage.hit.binary",
                List.of("feed.24.storage.hit.binary"),
                NotificationCatalog.feedStorageHit(HASH, BINARY, binary(), false, T));
    }

    @Test
    void watchlistHits() {
        ArrayNode highlights = Json.MAPPER.createArrayNode();
        highlights
                .addObject()
                .put("name", "PREPREPREevilPOSTPOSTPOST")
                .putArray("ids")
                .add("x");
        List<JsonNode> rows = List.of(row(), row());
        assertGolden(
                "watchlist.hit.process",
                "watchlist.hit.process",
                NotificationCatalog.watchlistHit("process", 4, "Evil", highlights, rows, T));
        assertGolden(
                "watchlist.hit.binary",
                "watchlist.hit.binary",
                NotificationCatalog.watchlistHit(
                        "binary", 5, "Unsigned", Json.MAPPER.createArrayNode(), List.of(binary()), T));
        assertGolden(
                "watchlist.storage.hit.process",
                "watchlist.storage.hit.process",
                NotificationCatalog.watchlistStorageHit("process", "process_id", GUID, 4, "Evil", row(), T));
        assertGolden(
                "watchlist.storage.hit.binary",
                "watchlist.storage.hit.binary",
                NotificationCatalog.watchlistStorageHit(
                        "binary", "md5", MD5.toUpperCase(java.util.Locale.ROOT), 5, "Unsigned", binary(), T));
    }

    /** The golden files are the captured shapes: each has the top-level keys, in order, of every corpus sample. */
    @Test
    void goldenShapesAreTheCapturedOnes() throws Exception {
        Path corpus = TestServer.corpus();
        if (corpus == null) return;
        Map<String, String> captured = new LinkedHashMap<>();
        captured.put("binaryinfo.observed", "binaryinfo.observed");
        captured.put("binaryinfo.host.observed", "binaryinfo.host.observed");
        captured.put("binaryinfo.group.observed", "binaryinfo.group.observed");
        captured.put("binarystore.file.added", "binarystore.file.added");
        captured.put("feed.synchronized", "feed.synchronized");
        captured.put("feed.ingress.hit.process", "feed.24.ingress.hit.process");
        captured.put("feed.ingress.hit.binary", "feed.ingress.hit.binary");
        captured.put("feed.query.hit.process", "feed.query.hit.process");
        captured.put("feed.storage.hit.binary", "feed.storage.hit.binary");
        captured.put("watchlist.hit.process", "watchlist.hit.process");
        captured.put("watchlist.hit.binary", "watchlist.hit.binary");
        captured.put("watchlist.storage.hit.process", "watchlist.storage.hit.process");
        captured.put("watchlist.storage.hit.binary", "watchlist.storage.hit.binary");
        for (var e : captured.entrySet()) {
            List<String> ours = keys(Json.MAPPER.readTree(Golden.read("bus/" + e.getKey() + ".json")));
            int samples = 0;
            try (Stream<Path> files = Files.list(corpus.resolve("json").resolve(e.getValue()))) {
                for (Path f : files.toList()) {
                    assertEquals(keys(Json.MAPPER.readTree(f.toFile())), ours, f.toString());
                    samples++;
                }
            }
            assertTrue(samples > 0, e.getValue());
        }
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
