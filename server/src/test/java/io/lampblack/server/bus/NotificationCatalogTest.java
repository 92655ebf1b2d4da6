package io.lampblack.server.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbProcessMsg;
import io.lampblack.server.support.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shapes of what the catalogue builds, against the reference and, when present, every corpus sample. */
class NotificationCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant WHEN = Instant.ofEpochMilli(1447697628645L);
    private static final String MD5 = "edb8de74e38f1b6e4a9b8b8000334df7";

    @Test
    void binaryInfoMessagesHaveTheCapturedKeysInOrder() throws Exception {
        assertShape(
                NotificationCatalog.binaryObserved(MD5, Map.of(), Map.of(), WHEN),
                "binaryinfo.observed",
                List.of("md5", "scores", "watchlists", "event_timestamp"));
        assertShape(
                NotificationCatalog.binaryHostObserved(
                        MD5,
                        "WIN-OTEMNUTBS23",
                        7,
                        Map.of("alliance_score_yara", 0),
                        Map.of("watchlist_3", "2015-11-16T18:14:28.819Z"),
                        WHEN),
                "binaryinfo.host.observed",
                List.of("hostname", "sensor_id", "md5", "scores", "watchlists", "event_timestamp"));
        assertShape(
                NotificationCatalog.binaryGroupObserved(MD5, "Default Group", Map.of(), Map.of(), WHEN),
                "binaryinfo.group.observed",
                List.of("group", "md5", "scores", "watchlists", "event_timestamp"));
        assertShape(
                NotificationCatalog.binaryFileAdded(MD5, 126056, 57682, "/data/binaries/ed/EDB8.gz", WHEN),
                "binarystore.file.added",
                List.of("md5", "size", "compressed_size", "node_id", "file_path", "event_timestamp"));
    }

    @Test
    void feedSynchronizedHasTheCapturedKeysInOrder() throws Exception {
        List<String> keys = List.of("feed_id", "feed_update_time", "scan_start_time", "event_timestamp", "feed_name");
        BusMessage withQueries = NotificationCatalog.feedSynchronized(
                36,
                "threatconnectintegration",
                WHEN.plusMillis(321),
                java.util.Optional.of(WHEN.minusSeconds(5)),
                WHEN);
        BusMessage without = NotificationCatalog.feedSynchronized(
                65, "threatexchangeconnector", WHEN, java.util.Optional.empty(), WHEN);
        assertEquals("feed.synchronized", withQueries.routingKey());
        JsonNode a = JSON.readTree(withQueries.body());
        JsonNode b = JSON.readTree(without.body());
        assertEquals(keys, names(a));
        assertEquals(keys, names(b));
        assertEquals("2015-11-16T18:13:48Z", a.get("feed_update_time").asText());
        assertEquals(1447697623L, a.get("scan_start_time").asLong());
        assertTrue(b.get("scan_start_time").isNull());
        assertFalse(withQueries.sheddable(), "notifications are never shed");
        Path corpus = TestServer.corpus();
        if (corpus == null) return;
        try (Stream<Path> files = Files.list(corpus.resolve("json").resolve("feed.synchronized"))) {
            for (Path f : files.toList()) {
                JsonNode sample = JSON.readTree(f.toFile());
                assertEquals(keys, names(sample), f.toString());
                // The captured scan_start_time is a number or null; ours is one or the other alike.
                JsonNode ours = sample.get("scan_start_time").isNull() ? b : a;
                for (String k : keys)
                    assertEquals(sample.get(k).getNodeType(), ours.get(k).getNodeType(), f + " " + k);
            }
        }
    }

    @Test
    void rawEventCarriesTheEnvelopeAndItsRoutingKey() throws Exception {
        CbEventMsg ev = CbEventMsg.newBuilder()
                .setHeader(CbHeaderMsg.newBuilder().setVersion(4).setTimestamp(130921710236713495L))
                .setProcess(CbProcessMsg.newBuilder().setCreated(false))
                .build();
        CbEventMsg unrouted = CbEventMsg.newBuilder()
                .setHeader(CbHeaderMsg.newBuilder().setVersion(4))
                .build();
        DecodedEventLog log = EventLogReader.decodeStrict(EventLogWriter.frame(List.of(unrouted, ev)), 1 << 20);
        byte[] envelope = NotificationCatalog.envelopeField(12, "HOST-A");
        BusMessage m = NotificationCatalog.rawEvent(
                        EventKind.of(ev), log.framed(), log.records().get(1), envelope)
                .orElseThrow();
        assertEquals("api.events", m.exchange());
        assertEquals("ingress.event.procend", m.routingKey());
        assertEquals("application/protobuf", m.contentType());
        assertTrue(m.sheddable());
        CbEventMsg back = CbEventMsg.parseFrom(m.body());
        assertEquals(12, back.getEnv().getEndpoint().getSensorId());
        assertEquals("HOST-A", back.getEnv().getEndpoint().getSensorHostName());
        assertTrue(
                back.getEnv().getEndpoint().hasHostId()
                        && back.getEnv().getServer().hasNodeId(),
                "HostId and NodeId are always present in the capture");
        assertEquals(ev, back.toBuilder().clearEnv().build());
        assertEquals(
                ev.toBuilder()
                        .setEnv(NotificationCatalog.environment(12, "HOST-A"))
                        .build(),
                back);
        assertTrue(
                NotificationCatalog.rawEvent(
                                EventKind.of(unrouted),
                                log.framed(),
                                log.records().get(0),
                                envelope)
                        .isEmpty(),
                "unrouted kinds");
    }

    @Test
    void theServersEnvelopeWinsOverOneTheSensorSent() throws Exception {
        CbEventMsg ev = CbEventMsg.newBuilder()
                .setHeader(CbHeaderMsg.newBuilder().setVersion(4).setTimestamp(1))
                .setEnv(NotificationCatalog.environment(99, "SPOOFED"))
                .setProcess(CbProcessMsg.newBuilder().setCreated(true))
                .build();
        DecodedEventLog log = EventLogReader.decodeStrict(EventLogWriter.frame(List.of(ev)), 1 << 20);
        BusMessage m = NotificationCatalog.rawEvent(
                        EventKind.of(ev),
                        log.framed(),
                        log.records().getFirst(),
                        NotificationCatalog.envelopeField(12, "HOST-A"))
                .orElseThrow();
        CbEventMsg back = CbEventMsg.parseFrom(m.body());
        assertEquals(12, back.getEnv().getEndpoint().getSensorId());
        assertEquals("HOST-A", back.getEnv().getEndpoint().getSensorHostName());
    }

    @ParameterizedTest(name = "zip level {0}")
    @ValueSource(ints = {0, 1, 6})
    void rawSensorDataIsAZipWithTheCapturedHeaders(int level) throws Exception {
        CbEventMsg ev = CbEventMsg.newBuilder()
                .setHeader(CbHeaderMsg.newBuilder().setVersion(4).setTimestamp(1))
                .build();
        byte[] framed = EventLogWriter.frame(List.of(ev, ev, ev, ev));
        BusMessage m = NotificationCatalog.rawSensorData(0x45f2535d, "HYPERV-WIN7-X86", framed, 1, WHEN, level);
        assertEquals("api.rawsensordata", m.exchange());
        assertEquals("application/zip", m.contentType());
        assertEquals(
                Map.of("sensorId", 0x45f2535dL, "hostId", 0L, "nodeId", 0, "sensorHostName", "HYPERV-WIN7-X86"),
                m.headers());
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(m.body()))) {
            ZipEntry e = in.getNextEntry();
            assertTrue(
                    e.getName().matches("EventLog_45f2535d\\.1--\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d\\.log"),
                    e.getName());
            assertEquals(level == 0 ? ZipEntry.STORED : ZipEntry.DEFLATED, e.getMethod());
            assertArrayEquals(framed, in.readAllBytes());
            assertNull(in.getNextEntry(), "one entry");
        }
        // Readers that go by the central directory (Python's zipfile, Go's archive/zip) see the same.
        Path file = Files.createTempFile("rawsensordata", ".zip");
        try {
            Files.write(file, m.body());
            try (ZipFile zip = new ZipFile(file.toFile())) {
                ZipEntry e = zip.entries().nextElement();
                assertEquals(framed.length, e.getSize());
                assertArrayEquals(framed, zip.getInputStream(e).readAllBytes());
            }
        } finally {
            Files.delete(file);
        }
    }

    /** Key order as built, and (with the corpus) the same key set and value types as every captured sample. */
    private static void assertShape(BusMessage m, String key, List<String> keys) throws Exception {
        assertEquals(key, m.routingKey());
        JsonNode built = JSON.readTree(m.body());
        assertEquals(keys, names(built));
        Path corpus = TestServer.corpus();
        if (corpus == null) return;
        try (Stream<Path> files = Files.list(corpus.resolve("json").resolve(key))) {
            for (Path f : files.toList()) {
                JsonNode sample = JSON.readTree(f.toFile());
                assertEquals(keys, names(sample), f.toString());
                for (String k : keys)
                    assertEquals(sample.get(k).getNodeType(), built.get(k).getNodeType(), f + " " + k);
                assertTrue(sample.get("event_timestamp").isFloatingPointNumber()
                        || sample.get("event_timestamp").isIntegralNumber());
            }
        }
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) out.add(it.next());
        return out;
    }
}
