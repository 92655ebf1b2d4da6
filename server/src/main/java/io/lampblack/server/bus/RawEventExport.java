package io.lampblack.server.bus;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.server.process.SensorContext;
import java.util.List;
import java.util.Set;

/**
 * Per-event raw export on {@code api.events} (cb.conf {@code DatastoreBroadcastEventTypes}): each event of a
 * selected kind, with the server's envelope, under the routing key of its kind. The event's bytes are re-used as
 * uploaded, with the envelope appended (see {@link NotificationCatalog#rawEvent}), so nothing is decoded or
 * re-encoded.
 */
final class RawEventExport implements RawExporter.Export {

    private final BusPublisher publisher;
    private final Set<EventKind> kinds;

    RawEventExport(BusPublisher publisher, Set<EventKind> kinds) {
        this.publisher = publisher;
        this.kinds = Set.copyOf(kinds);
    }

    @Override
    public int messages(DecodedEventLog log) {
        int n = 0;
        for (CbEventMsg event : log.events()) {
            if (kinds.contains(EventKind.of(event))) n++;
        }
        return n;
    }

    @Override
    public void export(SensorContext sensor, long serverTime, DecodedEventLog log) {
        byte[] envelope = NotificationCatalog.envelopeField(sensor.sensorId(), sensor.hostname());
        List<CbEventMsg> events = log.events();
        for (int i = 0; i < events.size(); i++) {
            EventKind kind = EventKind.of(events.get(i));
            if (!kinds.contains(kind)) continue;
            NotificationCatalog.rawEvent(kind, log.framed(), log.records().get(i), envelope)
                    .ifPresent(publisher::publish);
        }
    }
}
