package io.lampblack.server.ingress;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.RecordSpan;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbProcessMsg;
import io.lampblack.server.ingest.IntakeFilter;
import io.lampblack.server.sensor.CollectionSettings;
import io.lampblack.server.sensor.Sensor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The intake step that drops events before an upload is journaled: the kinds the sensor's group does not collect,
 * then what the enabled server-side ingress filters that apply to the sensor match. The kept records are copied
 * into a new framed stream with their spans, from the bytes already decoded (nothing is decoded twice); an upload
 * nothing is dropped from passes unchanged, and with no filter and every kind collected nothing is even looked at.
 */
public final class IngressGate implements IntakeFilter {

    /**
     * Picked processes remembered, across all sensors, for descendant and later-upload filtering (least recently
     * matched forgotten first; about 100 bytes each).
     */
    static final int REMEMBERED = 200_000;

    private final Supplier<FilterSet> filters;
    private final CollectionSettings collection;
    private final IntFunction<Placement> placement;
    private final FilteredProcesses picked;
    private final LongAdder droppedByFilters = new LongAdder();
    private final LongAdder droppedByCollection = new LongAdder();

    /**
     * Where a sensor is, as filters select sensors.
     *
     * @param osBit 1 Windows, 2 OS X, 4 Linux (the bits of {@code os_mask})
     */
    public record Placement(int groupId, int osBit) {

        /** A sensor's placement; an unknown one (deleted since) counts as a Windows sensor of the default group. */
        public static Placement of(Optional<Sensor> sensor) {
            return new Placement(
                    sensor.map(Sensor::groupId).orElse(1),
                    1 << (sensor.map(Sensor::osTypeCode).orElse(1) - 1));
        }
    }

    IngressGate(
            Supplier<FilterSet> filters,
            CollectionSettings collection,
            IntFunction<Placement> placement,
            FilteredProcesses picked) {
        this.filters = filters;
        this.collection = collection;
        this.placement = placement;
        this.picked = picked;
    }

    @Override
    public Kept filter(int sensorId, DecodedEventLog log) {
        FilterSet set = filters.get();
        boolean collectsAll = collection.collectsEverything(sensorId);
        if (set.isEmpty() && collectsAll) return Kept.whole(log);
        Placement where = placement.apply(sensorId);
        List<CompiledFilter> applicable = set.forSensor(sensorId, where.groupId(), where.osBit());
        if (applicable.isEmpty() && collectsAll) return Kept.whole(log);
        BitSet dropped = new BitSet(log.size());
        int uncollected = collectsAll ? 0 : dropUncollected(sensorId, log, dropped);
        long[] hits = new long[applicable.size()];
        if (!applicable.isEmpty()) {
            FilteredProcesses.OfSensor memory = picked.of(sensorId);
            synchronized (memory) {
                dropFiltered(applicable, memory, log, dropped, hits);
            }
        }
        if (dropped.isEmpty()) return Kept.whole(log);
        return new Kept(without(log, dropped), () -> {
            droppedByCollection.add(uncollected);
            for (int i = 0; i < hits.length; i++) {
                if (hits[i] == 0) continue;
                applicable.get(i).hits(hits[i]);
                droppedByFilters.add(hits[i]);
            }
        });
    }

    /** Marks the events of kinds the sensor's group does not collect; answers how many. */
    private int dropUncollected(int sensorId, DecodedEventLog log, BitSet dropped) {
        // One question per kind and upload, not per event.
        EventKind[] kinds = EventKind.values();
        byte[] answer = new byte[kinds.length]; // 0 unknown, 1 collected, 2 not
        List<CbEventMsg> events = log.events();
        int n = 0;
        for (int i = 0; i < events.size(); i++) {
            int k = EventKind.of(events.get(i)).ordinal();
            if (answer[k] == 0) answer[k] = (byte) (collection.collects(sensorId, kinds[k]) ? 1 : 2);
            if (answer[k] == 2) {
                dropped.set(i);
                n++;
            }
        }
        return n;
    }

    /** Marks what the filters drop, counting each filter's hits in {@code hits} (by index in {@code applicable}). */
    private void dropFiltered(
            List<CompiledFilter> applicable,
            FilteredProcesses.OfSensor memory,
            DecodedEventLog log,
            BitSet dropped,
            long[] hits) {
        boolean picking = false;
        for (CompiledFilter f : applicable) picking |= f.selectsProcesses;
        List<CbEventMsg> events = log.events();
        for (int i = 0; i < events.size(); i++) {
            if (dropped.get(i)) continue;
            EventView ev = new EventView(events.get(i));
            Map<String, Integer> picks = null;
            Map<String, Integer> parentPicks = null;
            if (picking) {
                CbHeaderMsg h = ev.event.getHeader();
                picks = memory.picks(h.getProcessPid(), h.getProcessCreateTime());
                if (ev.kind == EventKind.PROCESS_START) {
                    CbProcessMsg p = ev.event.getProcess();
                    parentPicks = memory.picks(p.getParentPid(), p.getParentCreateTime());
                }
            }
            for (int j = 0; j < applicable.size(); j++) {
                if (drops(applicable.get(j), memory, ev, picks, parentPicks)) {
                    dropped.set(i);
                    hits[j]++;
                    break;
                }
            }
            if (picks != null && ev.kind == EventKind.PROCESS_END) {
                CbHeaderMsg h = ev.event.getHeader();
                memory.ended(h.getProcessPid(), h.getProcessCreateTime());
            }
        }
    }

    /**
     * Whether one filter drops one event. A filter that picks processes marks a process when its start matches (or
     * its parent is marked with generations to spare), then drops all of its events ({@code filter_all_events}) or
     * those its event-type lists match; a filter without process lists drops what its event-type lists match in
     * every process.
     *
     * @param picks       the filters that picked the event's process so far (null: none)
     * @param parentPicks for a process start, the filters that picked its parent (null: none)
     */
    private static boolean drops(
            CompiledFilter f,
            FilteredProcesses.OfSensor memory,
            EventView ev,
            Map<String, Integer> picks,
            Map<String, Integer> parentPicks) {
        if (!f.selectsProcesses) return f.dropsByType(ev);
        Integer level = picks == null ? null : picks.get(f.id);
        if (level == null && ev.kind == EventKind.PROCESS_START) {
            if (f.picks(ev)) {
                level = f.descendantLevel;
            } else {
                Integer parent = parentPicks == null ? null : parentPicks.get(f.id);
                if (parent != null && parent > 0) level = parent - 1;
            }
            if (level != null) {
                CbHeaderMsg h = ev.event.getHeader();
                memory.pick(f.id, h.getProcessPid(), h.getProcessCreateTime(), level);
            }
        }
        if (level == null) return false;
        return f.filterAllEvents || f.dropsByType(ev);
    }

    /** The log with the dropped records left out: their frames copied into a new stream, spans moved along. */
    static DecodedEventLog without(DecodedEventLog log, BitSet dropped) {
        int n = log.size();
        int bytes = 0;
        for (int i = dropped.nextClearBit(0); i < n; i = dropped.nextClearBit(i + 1)) {
            RecordSpan s = log.records().get(i);
            bytes += s.end() - s.frameOffset();
        }
        byte[] framed = new byte[bytes];
        List<RecordSpan> spans = new ArrayList<>(n - dropped.cardinality());
        List<CbEventMsg> events = new ArrayList<>(n - dropped.cardinality());
        int at = 0;
        for (int i = dropped.nextClearBit(0); i < n; i = dropped.nextClearBit(i + 1)) {
            RecordSpan s = log.records().get(i);
            int frame = s.end() - s.frameOffset();
            System.arraycopy(log.framed(), s.frameOffset(), framed, at, frame);
            spans.add(new RecordSpan(at + (s.offset() - s.frameOffset()), s.length()));
            events.add(log.events().get(i));
            at += frame;
        }
        return new DecodedEventLog(log.format(), framed, spans, events);
    }

    /** Events dropped by ingress filters since start. */
    public long droppedByFilters() {
        return droppedByFilters.sum();
    }

    /** Events dropped because their sensor's group does not collect their kind, since start. */
    public long droppedByCollection() {
        return droppedByCollection.sum();
    }
}
