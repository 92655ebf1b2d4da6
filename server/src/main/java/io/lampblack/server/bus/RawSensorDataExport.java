package io.lampblack.server.bus;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.server.process.SensorContext;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bulk export on {@code api.rawsensordata} (cb.conf {@code EnableRawSensorDataBroadcast}): each upload, unfiltered,
 * as one zip (reference §1.7).
 */
final class RawSensorDataExport implements RawExporter.Export {

    private final BusPublisher publisher;
    private final int zipLevel;
    // Names the zip entries apart; consumers only read the entries, so a process-wide counter is enough.
    private final AtomicInteger sequence = new AtomicInteger();

    RawSensorDataExport(BusPublisher publisher, int zipLevel) {
        this.publisher = publisher;
        this.zipLevel = zipLevel;
    }

    @Override
    public int messages(DecodedEventLog log) {
        return 1;
    }

    @Override
    public void export(SensorContext sensor, long serverTime, DecodedEventLog log) {
        publisher.publish(NotificationCatalog.rawSensorData(
                sensor.sensorId(),
                sensor.hostname(),
                log.framed(),
                sequence.incrementAndGet(),
                Instant.ofEpochMilli(serverTime),
                zipLevel));
    }
}
