package io.lampblack.server.bus;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.server.ingest.UploadListener;
import io.lampblack.server.process.ProcessSegment;
import io.lampblack.server.process.SensorContext;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bulk export on {@code api.rawsensordata} (cb.conf {@code EnableRawSensorDataBroadcast}): each indexed upload,
 * unfiltered, as one zip (reference §1.7). Sheddable like per-event export.
 */
public final class RawSensorDataExport implements UploadListener {

    private final BusPublisher publisher;
    // Names the zip entries apart; consumers only read the entries, so a process-wide counter is enough.
    private final AtomicInteger sequence = new AtomicInteger();

    public RawSensorDataExport(BusPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void indexed(SensorContext sensor, long serverTime, DecodedEventLog log, List<ProcessSegment> segments) {
        publisher.publish(NotificationCatalog.rawSensorData(sensor.sensorId(), sensor.hostname(), log.framed(),
                sequence.incrementAndGet(), Instant.ofEpochMilli(serverTime)));
    }
}
