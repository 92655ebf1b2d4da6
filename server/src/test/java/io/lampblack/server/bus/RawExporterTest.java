package io.lampblack.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.process.SensorContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The export stage between the journal and the publisher: what it publishes, and how it sheds without waiting. */
class RawExporterTest {

    private static final SensorContext SENSOR =
            new SensorContext(7, "HOST-7", "Default Group", "windows", "workstation");

    /** Collects what is published and counts what is shed. */
    static final class RecordingPublisher implements BusPublisher {
        final List<BusMessage> published = new CopyOnWriteArrayList<>();
        final AtomicLong shed = new AtomicLong();

        @Override
        public boolean publish(BusMessage message) {
            published.add(message);
            return true;
        }

        @Override
        public void shed(long messages) {
            shed.addAndGet(messages);
        }

        @Override
        public BusCounters counters() {
            return new BusCounters(published.size(), 0, 0, shed.get(), 0, 0);
        }

        @Override
        public void close() {}
    }

    private static DecodedEventLog upload(long seed, int events) throws Exception {
        return EventLogReader.decodeStrict(new SyntheticHost(seed).nextUpload(events), Integer.MAX_VALUE - 16);
    }

    @Test
    void everySelectedEventIsPublishedInUploadOrderWithTheEnvelope() throws Exception {
        RecordingPublisher publisher = new RecordingPublisher();
        EnumSet<EventKind> kinds = EnumSet.of(EventKind.PROCESS_START, EventKind.MODULE_LOAD, EventKind.NET_CONN);
        DecodedEventLog log = upload(1, 400);
        try (RawExporter exporter =
                new RawExporter(publisher, List.of(new RawEventExport(publisher, kinds)), 4, 1 << 20)) {
            exporter.arrived(SENSOR, 1_000, log);
        }
        List<CbEventMsg> expected = log.events().stream()
                .filter(e -> kinds.contains(EventKind.of(e)))
                .map(e -> e.toBuilder()
                        .setEnv(NotificationCatalog.environment(7, "HOST-7"))
                        .build())
                .toList();
        assertTrue(expected.size() > 20, "a meaningful upload: " + expected.size());
        assertEquals(expected.size(), publisher.published.size());
        for (int i = 0; i < expected.size(); i++) {
            BusMessage m = publisher.published.get(i);
            assertEquals(expected.get(i), CbEventMsg.parseFrom(m.body()));
            assertEquals(EventKind.of(expected.get(i)).routingKey().orElseThrow(), m.routingKey());
        }
        assertEquals(0, publisher.shed.get());
    }

    @Test
    void aFullQueueShedsWholeUploadsAndNeverWaits() throws Exception {
        RecordingPublisher publisher = new RecordingPublisher();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        // An export that holds its thread on the first upload, as a slow encoder would.
        RawExporter.Export slow = new RawExporter.Export() {
            @Override
            public int messages(DecodedEventLog log) {
                return log.size();
            }

            @Override
            public void export(SensorContext sensor, long serverTime, DecodedEventLog log) {
                busy.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                publisher.publish(
                        new BusMessage("api.events", "x", "application/protobuf", new byte[1], Map.of(), true));
            }
        };
        try (RawExporter exporter = new RawExporter(publisher, List.of(slow), 1, 1 << 30)) {
            exporter.arrived(SENSOR, 1, upload(1, 10));
            assertTrue(busy.await(10, TimeUnit.SECONDS));
            exporter.arrived(SENSOR, 2, upload(2, 20)); // queued
            long t0 = System.nanoTime();
            exporter.arrived(SENSOR, 3, upload(3, 30)); // queue full: shed at once
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "arrival never waits");
            assertEquals(30, publisher.shed.get(), "the whole upload's messages are counted");
            release.countDown();
        }
        assertEquals(2, publisher.published.size(), "what was queued is exported before close returns");
    }

    @Test
    void theByteBoundShedsLargeUploads() throws Exception {
        RecordingPublisher publisher = new RecordingPublisher();
        DecodedEventLog log = upload(4, 100);
        try (RawExporter exporter = new RawExporter(
                publisher, List.of(new RawSensorDataExport(publisher, 0)), 16, log.framed().length - 1)) {
            exporter.arrived(SENSOR, 1, log);
        }
        assertEquals(1, publisher.shed.get(), "one zip shed");
        assertEquals(0, publisher.published.size());
    }
}
