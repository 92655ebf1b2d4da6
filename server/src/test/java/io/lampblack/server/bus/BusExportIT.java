package io.lampblack.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Delivery;
import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.events.SensorEvents.CbEnvironmentMsg;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.support.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server publishing to the shared RabbitMQ ({@code --bus}) or to its embedded broker, with per-event export of
 * every type and bulk export on: the whole corpus, uploaded by one sensor with a unique hostname, comes back from a
 * {@code #} binding as protobufs equal to the uploaded events plus the server's envelope, each under its routing
 * key, and as one zip per upload on {@code api.rawsensordata}. Messages of other hosts (other tests, other servers)
 * are ignored.
 */
class BusExportIT {

    private static final int UPLOAD_EVENTS = 500;

    @TempDir
    Path data;

    @Test
    void uploadedEventsComeBackFromTheSharedRabbitMq() throws Exception {
        SharedRabbit.assumeAvailable();
        uploadedEventsComeBackWithTheirEnvelope(true);
    }

    @Test
    void uploadedEventsComeBackFromTheEmbeddedBroker() throws Exception {
        uploadedEventsComeBackWithTheirEnvelope(false);
    }

    private void uploadedEventsComeBackWithTheirEnvelope(boolean external) throws Exception {
        Path corpus = TestServer.corpus();
        // The whole corpus (every routed type); without it (a checkout elsewhere) synthetic events still test the path.
        List<CbEventMsg> sample = corpus != null
                ? sample(corpus.resolve("protobuf"), Integer.MAX_VALUE)
                : EventLogReader.decodeStrict(new SyntheticHost(11).nextUpload(60), Integer.MAX_VALUE - 16)
                        .events();
        String host = "BUS-IT-" + UUID.randomUUID().toString().substring(0, 8);

        String[] settings = external
                ? new String[] {
                    "bus",
                    "amqp://guest:guest@127.0.0.1:5672/",
                    "broadcast-event-types",
                    "*",
                    "raw-sensor-data-broadcast",
                    "true"
                }
                : new String[] {"broadcast-event-types", "*", "raw-sensor-data-broadcast", "true"};
        // The consumers bind after the server has declared the exchanges and before anything is uploaded.
        try (TestServer server = TestServer.start(data, settings);
                SharedRabbit events = SharedRabbit.consume(
                        server.server.busUrl(), NotificationCatalog.EVENTS_EXCHANGE, List.of("#"));
                SharedRabbit bulk = SharedRabbit.consume(
                        server.server.busUrl(), NotificationCatalog.RAW_SENSOR_DATA_EXCHANGE, List.of(""))) {
            SensorClient client = server.sensorClient();
            var reg =
                    client.register(new RegisterRequest(host, null, "windows", "workstation", null, null, null, 1), "");
            var id = new SensorClient.Identity(reg.sensorId(), reg.secret());
            int uploads = 0;
            for (int from = 0; from < sample.size(); from += UPLOAD_EVENTS) {
                List<CbEventMsg> part = sample.subList(from, Math.min(sample.size(), from + UPLOAD_EVENTS));
                client.upload(id, "bus-" + (++uploads), EventLogWriter.frame(part));
            }

            CbEnvironmentMsg env = NotificationCatalog.environment(reg.sensorId(), host);
            Map<CbEventMsg, Integer> expected = new HashMap<>();
            for (CbEventMsg e : sample) {
                if (EventKind.of(e).isRouted())
                    expected.merge(e.toBuilder().setEnv(env).build(), 1, Integer::sum);
            }
            int want = expected.values().stream().mapToInt(Integer::intValue).sum();
            assertTrue(want >= 20, "a meaningful sample: " + want);
            if (corpus != null) assertTrue(want > 8000, "the whole corpus: " + want);

            Map<CbEventMsg, Integer> got = new HashMap<>();
            int count = 0;
            long end = System.currentTimeMillis() + 60_000;
            while (count < want && System.currentTimeMillis() < end) {
                Delivery d = events.next(200);
                if (d == null
                        || !NotificationCatalog.PROTOBUF.equals(
                                d.getProperties().getContentType())) continue;
                CbEventMsg m = CbEventMsg.parseFrom(d.getBody());
                if (!host.equals(m.getEnv().getEndpoint().getSensorHostName())) continue;
                assertEquals(
                        EventKind.of(m).routingKey().orElseThrow(),
                        d.getEnvelope().getRoutingKey());
                assertEquals(1, d.getProperties().getDeliveryMode());
                got.merge(m, 1, Integer::sum);
                count++;
            }
            assertEquals(expected, got);

            List<CbEventMsg> bulkEvents = new ArrayList<>();
            int zips = 0;
            end = System.currentTimeMillis() + 15_000;
            while (zips < uploads && System.currentTimeMillis() < end) {
                Delivery d = bulk.next(200);
                if (d == null) continue;
                Map<String, Object> h = d.getProperties().getHeaders();
                if (h == null || !host.equals(String.valueOf(h.get("sensorHostName")))) continue;
                assertEquals(NotificationCatalog.ZIP, d.getProperties().getContentType());
                assertEquals((long) reg.sensorId(), h.get("sensorId"));
                assertEquals(0L, h.get("hostId"));
                assertEquals(0, h.get("nodeId"));
                bulkEvents.addAll(unzip(d.getBody()));
                zips++;
            }
            assertEquals(uploads, zips);
            assertEquals(new HashMap<>(counts(sample)), counts(bulkEvents));

            BusCounters c = server.server.bus().publisher().counters();
            assertEquals(0, c.undelivered() + c.shed(), c.toString());
        }
    }

    /** Up to {@code perType} events of every routing key in the corpus, without the envelope a sensor never sends. */
    private static List<CbEventMsg> sample(Path protobufDir, int perType) throws IOException {
        List<CbEventMsg> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(protobufDir)) {
            for (Path dir : dirs.sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().limit(perType).toList()) {
                        out.add(CbEventMsg.parseFrom(Files.readAllBytes(f)).toBuilder()
                                .clearEnv()
                                .build());
                    }
                }
            }
        }
        return out;
    }

    private static List<CbEventMsg> unzip(byte[] zip) throws IOException {
        List<CbEventMsg> out = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            while (in.getNextEntry() != null) {
                ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
                while (b.remaining() >= 4) {
                    byte[] rec = new byte[b.getInt()];
                    b.get(rec);
                    out.add(CbEventMsg.parseFrom(rec));
                }
            }
        }
        assertNotNull(out);
        return out;
    }

    private static Map<CbEventMsg, Integer> counts(List<CbEventMsg> events) {
        Map<CbEventMsg, Integer> m = new HashMap<>();
        for (CbEventMsg e : events) m.merge(e, 1, Integer::sum);
        return m;
    }
}
