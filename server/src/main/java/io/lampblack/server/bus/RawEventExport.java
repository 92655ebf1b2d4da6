package io.lampblack.server.bus;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.events.SensorEvents.CbEnvironmentMsg;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.server.ingest.UploadListener;
import io.lampblack.server.process.ProcessSegment;
import io.lampblack.server.process.SensorContext;

import java.util.List;
import java.util.Set;

/**
 * Per-event raw export on {@code api.events}: each event of a selected kind, with the server's envelope, under the
 * routing key of its kind. Called on the indexing threads, so it only encodes and hands over; the publisher sheds
 * rather than waits when the bus cannot keep up. After a crash, replayed uploads are exported again (at least once).
 */
public final class RawEventExport implements UploadListener {

    private final BusPublisher publisher;
    private final Set<EventKind> kinds;

    public RawEventExport(BusPublisher publisher, Set<EventKind> kinds) {
        this.publisher = publisher;
        this.kinds = Set.copyOf(kinds);
    }

    @Override
    public void indexed(SensorContext sensor, long serverTime, DecodedEventLog log, List<ProcessSegment> segments) {
        CbEnvironmentMsg env = NotificationCatalog.environment(sensor.sensorId(), sensor.hostname());
        for (CbEventMsg event : log.events()) {
            if (!kinds.contains(EventKind.of(event))) continue;
            NotificationCatalog.rawEvent(event, env).ifPresent(publisher::publish);
        }
    }
}
