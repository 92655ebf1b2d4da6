package io.lampblack.server.ingress;

import io.lampblack.protocol.EventKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/** One enabled server-side filter, its patterns compiled, with the counter its hits go to. */
final class CompiledFilter {

    final String id;
    final int descendantLevel;
    final boolean filterAllEvents;
    final boolean selectsProcesses;
    private final boolean global;
    private final int osMask;
    private final Set<Integer> groups;
    private final Set<Integer> sensors;
    private final List<Wildcard> paths;
    private final List<Wildcard> cmdlines;
    private final List<Wildcard> md5s;
    private final Map<EventKind, List<Wildcard>> byKind = new EnumMap<>(EventKind.class);
    private final List<Wildcard> nonBinaryFilemods;
    private final LongAdder hits;

    CompiledFilter(IngressFilter f, LongAdder hits) {
        IngressFilter.Spec s = f.spec();
        this.id = f.id();
        this.hits = hits;
        this.descendantLevel = s.descendantFilteringLevel();
        this.filterAllEvents = s.filterAllEvents();
        this.selectsProcesses = s.selectsProcesses();
        this.global = s.global();
        this.osMask = s.osMask();
        this.groups = Set.copyOf(s.groupIds());
        this.sensors = Set.copyOf(s.sensorIds());
        this.paths = compile(s.pathFilters());
        this.cmdlines = compile(s.cmdlineFilters());
        this.md5s = compile(s.md5Filters());
        put(EventKind.REG_MOD, s.regmodFilters());
        put(EventKind.MODULE_LOAD, s.modloadFilters());
        put(EventKind.FILE_MOD, s.filemodFilters());
        put(EventKind.NET_CONN, s.netconnFilters());
        put(EventKind.CROSS_PROCESS_OPEN, s.crossprocFilters());
        put(EventKind.REMOTE_THREAD, s.crossprocFilters());
        this.nonBinaryFilemods = compile(s.nonBinaryFilemodFilters());
    }

    private void put(EventKind kind, List<String> patterns) {
        if (!patterns.isEmpty()) byKind.put(kind, compile(patterns));
    }

    private static List<Wildcard> compile(List<String> patterns) {
        return patterns.stream().map(Wildcard::of).toList();
    }

    /** @param osBit 1 Windows, 2 OS X, 4 Linux */
    boolean appliesTo(int sensorId, int groupId, int osBit) {
        if ((osMask & osBit) == 0) return false;
        return global || groups.contains(groupId) || sensors.contains(sensorId);
    }

    /**
     * Whether a starting process is one this filter picks: each list the filter has (path, command line, MD5) must
     * have a pattern that matches; lists it leaves empty do not count.
     */
    boolean picks(EventView start) {
        if (!selectsProcesses) return false;
        if (!paths.isEmpty() && !any(paths, start.path())) return false;
        if (!cmdlines.isEmpty() && !any(cmdlines, start.cmdline())) return false;
        return md5s.isEmpty() || any(md5s, start.md5());
    }

    /** Whether the event-type lists drop this event (a pattern matches its target). */
    boolean dropsByType(EventView ev) {
        List<Wildcard> patterns = byKind.get(ev.kind);
        if (patterns != null && anyTarget(patterns, ev)) return true;
        return ev.kind == EventKind.FILE_MOD
                && !nonBinaryFilemods.isEmpty()
                && EventTargets.nonBinaryFilemod(ev.event)
                && anyTarget(nonBinaryFilemods, ev);
    }

    boolean hasTypeLists() {
        return !byKind.isEmpty() || !nonBinaryFilemods.isEmpty();
    }

    void hits(long n) {
        hits.add(n);
    }

    private static boolean anyTarget(List<Wildcard> patterns, EventView ev) {
        for (String target : ev.targets()) {
            if (any(patterns, target)) return true;
        }
        return false;
    }

    private static boolean any(List<Wildcard> patterns, String lowered) {
        for (Wildcard w : patterns) {
            if (w.matches(lowered)) return true;
        }
        return false;
    }
}
