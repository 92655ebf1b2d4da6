package io.lampblack.server.ingress;

import io.lampblack.protocol.sensor.SensorProtocol.IngressFilterList;
import io.lampblack.protocol.sensor.SensorProtocol.SensorIngressFilter;
import io.lampblack.server.ingest.IngestRoute;
import io.lampblack.server.json.Json;
import io.lampblack.server.problem.InvalidInput;
import io.lampblack.server.sensor.CollectionSettings;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress filters: kept in the store, validated on every change, and compiled into the set the
 * {@linkplain #gate intake step} applies (replaced whole, so intake never sees half a change). Hits are counted in
 * memory on the intake path and added to the stored counts with every index commit ({@link IngestRoute.OnCommit}),
 * so a crash loses at most the hits since the last commit.
 */
public final class IngressFilters implements IngestRoute.OnCommit {

    private static final Logger LOG = LoggerFactory.getLogger(IngressFilters.class);

    private static final Pattern ID = Pattern.compile("[^/\\\\\\s?#%]{1,256}");
    private static final int MAX_PATTERNS = 1_000;
    private static final int MAX_PATTERN = 1_024;
    private static final int MAX_IDS = 10_000;
    /** The size of the list columns of {@code ingress_filter}. */
    static final int MAX_STORED_LIST = 65_536;
    /** Generations of children that may be filtered with a process. */
    public static final int MAX_DESCENDANT_LEVEL = 64;

    private final IngressFilterStore store;
    private final Clock clock;
    private final Map<String, LongAdder> hits = new ConcurrentHashMap<>();
    private final Map<String, Long> flushed = new ConcurrentHashMap<>();
    private final List<Consumer<String>> trackedListeners = new CopyOnWriteArrayList<>();
    private final FilteredProcesses picked = new FilteredProcesses(IngressGate.REMEMBERED);
    private volatile FilterSet serverSide = FilterSet.EMPTY;
    private volatile SensorSide sensorSide = new SensorSide(List.of(), Set.of());

    private static final IngressFilterList EMPTY_LIST = new IngressFilterList("", List.of());

    /** Sensors of one group and OS get the same list unless a filter names one of them ({@code sensor} 0). */
    private record ListKey(int groupId, int osTypeCode, int sensor) {}

    /** The enabled {@code filter_on_sensor} filters, with the check-in lists built from them so far. */
    private record SensorSide(
            List<IngressFilter> filters, Set<Integer> namedSensors, Map<ListKey, IngressFilterList> lists) {
        SensorSide(List<IngressFilter> filters, Set<Integer> namedSensors) {
            this(List.copyOf(filters), Set.copyOf(namedSensors), new ConcurrentHashMap<>());
        }
    }

    public IngressFilters(IngressFilterStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        recompile();
    }

    /** The intake step for these filters and the groups' collection settings. */
    public IngressGate gate(CollectionSettings collection, SensorRegistry sensors) {
        return gate(collection, id -> IngressGate.Placement.of(sensors.sensor(id)));
    }

    /** The intake step, with sensors placed by the caller. */
    public IngressGate gate(CollectionSettings collection, IntFunction<IngressGate.Placement> placement) {
        return new IngressGate(() -> serverSide, collection, placement, picked);
    }

    /** The ids of the filters whose {@code group_ids} name the group (a group they name is not deleted). */
    public List<String> namingGroup(int groupId) {
        return store.all().stream()
                .filter(f -> f.spec().groupIds().contains(groupId))
                .map(IngressFilter::id)
                .toList();
    }

    public List<IngressFilter> all() {
        return store.all().stream().map(this::withLiveHits).toList();
    }

    public Optional<IngressFilter> find(String id) {
        return store.find(id).map(this::withLiveHits);
    }

    /**
     * Creates a filter under the id the client chose, or a generated one.
     *
     * @throws FilterRefused (conflict) when the id exists already
     */
    public IngressFilter create(Optional<String> id, IngressFilter.Spec spec, String username) {
        validate(spec);
        String chosen = id.map(IngressFilters::checkId)
                .orElseGet(() -> UUID.randomUUID().toString());
        Instant now = clock.instant();
        IngressFilter f = new IngressFilter(chosen, spec, now, now, username, username, 1, 0);
        if (!store.create(f)) throw FilterRefused.duplicate(chosen);
        changed(chosen);
        return f;
    }

    /** Replaces what an administrator sets; the version goes up by one. */
    public IngressFilter update(String id, IngressFilter.Spec spec, String username) {
        validate(spec);
        IngressFilter old = store.find(id).orElseThrow(() -> FilterRefused.notFound(id));
        IngressFilter f = new IngressFilter(
                id, spec, old.created(), clock.instant(), old.createdBy(), username, old.version() + 1, old.hitCount());
        if (!store.update(f)) throw FilterRefused.notFound(id);
        changed(id);
        return withLiveHits(f);
    }

    public void delete(String id) {
        if (!store.delete(id)) throw FilterRefused.notFound(id);
        changed(id);
    }

    /** Events this filter dropped since the server started (for {@code /metrics}); 0 for an unknown filter. */
    public long hitsSinceStart(String id) {
        LongAdder a = hits.get(id);
        return a == null ? 0 : a.sum();
    }

    /** Told the id of every filter with {@code track_metrics}, now and whenever one is created or changed so. */
    public void onTracked(Consumer<String> listener) {
        trackedListeners.add(listener);
        for (IngressFilter f : store.all()) if (f.spec().trackMetrics()) listener.accept(f.id());
    }

    /**
     * The enabled {@code filter_on_sensor} filters that apply to a sensor, for its check-in, highest priority first.
     */
    public List<IngressFilter> forSensor(Sensor s) {
        return forSensor(s, sensorSide.filters());
    }

    private static List<IngressFilter> forSensor(Sensor s, List<IngressFilter> sensorSide) {
        int osBit = 1 << (s.osTypeCode() - 1);
        List<IngressFilter> out = new ArrayList<>();
        for (IngressFilter f : sensorSide) {
            IngressFilter.Spec spec = f.spec();
            if ((spec.osMask() & osBit) == 0) continue;
            if (spec.global()
                    || spec.groupIds().contains(s.groupId())
                    || spec.sensorIds().contains(s.id())) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The {@code filter_on_sensor} filters for a sensor's check-in, with a version that is a hash of exactly what the
     * sensor is sent, so it changes whenever that does (a filter deleted and created again with other content
     * included) and only then; empty when there are none, so sensors without filters are never sent the field.
     * Built once per group, OS and named sensor until the filters change.
     */
    public IngressFilterList checkinList(Sensor s) {
        SensorSide side = sensorSide;
        int named = side.namedSensors().contains(s.id()) ? s.id() : 0;
        return side.lists().computeIfAbsent(new ListKey(s.groupId(), s.osTypeCode(), named), k -> buildList(s, side));
    }

    private static IngressFilterList buildList(Sensor s, SensorSide side) {
        List<IngressFilter> mine = forSensor(s, side.filters());
        if (mine.isEmpty()) return EMPTY_LIST;
        List<SensorIngressFilter> out = new ArrayList<>(mine.size());
        for (IngressFilter f : mine) {
            IngressFilter.Spec x = f.spec();
            out.add(new SensorIngressFilter(
                    f.id(),
                    x.priority(),
                    x.pathFilters(),
                    x.cmdlineFilters(),
                    x.md5Filters(),
                    x.descendantFilteringLevel(),
                    x.filterAllEvents(),
                    x.regmodFilters(),
                    x.modloadFilters(),
                    x.filemodFilters(),
                    x.nonBinaryFilemodFilters(),
                    x.netconnFilters(),
                    x.crossprocFilters()));
        }
        String version;
        try {
            version = SensorRegistry.sha256(Json.MAPPER.writeValueAsString(out)).substring(0, 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new IngressFilterList(version, List.copyOf(out));
    }

    /**
     * Adds the hits counted since the last commit to the stored counts. A database failure does not stop the commit:
     * the hits are added with the next one.
     */
    @Override
    public void makeDurable() {
        Map<String, Long> delta = new HashMap<>();
        Map<String, Long> now = new HashMap<>();
        hits.forEach((id, adder) -> {
            long sum = adder.sum();
            long d = sum - flushed.getOrDefault(id, 0L);
            if (d > 0) {
                delta.put(id, d);
                now.put(id, sum);
            }
        });
        if (delta.isEmpty()) return;
        try {
            store.addHits(delta);
        } catch (RuntimeException e) {
            // Hit counts are not worth stopping the index commit for: they are added with the next one.
            LOG.warn("ingress filters: hit counts not stored this time: {}", e.toString());
            return;
        }
        flushed.putAll(now);
    }

    private IngressFilter withLiveHits(IngressFilter f) {
        LongAdder a = hits.get(f.id());
        if (a == null) return f;
        return f.withHits(f.hitCount() + a.sum() - flushed.getOrDefault(f.id(), 0L));
    }

    private void changed(String id) {
        picked.forget(id);
        recompile();
        find(id).filter(f -> f.spec().trackMetrics()).ifPresent(f -> trackedListeners.forEach(l -> l.accept(id)));
    }

    private synchronized void recompile() {
        List<IngressFilter> all = new ArrayList<>(store.all());
        all.sort(Comparator.comparingInt((IngressFilter f) -> -f.spec().priority())
                .thenComparing(IngressFilter::id));
        List<CompiledFilter> server = new ArrayList<>();
        List<IngressFilter> sensor = new ArrayList<>();
        for (IngressFilter f : all) {
            if (!f.spec().enabled()) continue;
            if (f.spec().filterOnServer()) {
                server.add(new CompiledFilter(f, hits.computeIfAbsent(f.id(), k -> new LongAdder())));
            }
            if (f.spec().filterOnSensor()) sensor.add(f);
        }
        serverSide = new FilterSet(server);
        Set<Integer> named = new HashSet<>();
        for (IngressFilter f : sensor) named.addAll(f.spec().sensorIds());
        sensorSide = new SensorSide(sensor, named);
    }

    private static String checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new InvalidInput(
                    "invalid_id", "id must be 1-256 characters without spaces, slashes, '?', '#' or '%': '" + id + "'");
        }
        return id;
    }

    private static void validate(IngressFilter.Spec s) {
        if (s.description() == null || s.description().isBlank()) {
            throw new InvalidInput("invalid_ingress_filter", "description is required");
        }
        if (s.description().length() > 4096) {
            throw new InvalidInput("invalid_ingress_filter", "description is longer than 4096 characters");
        }
        if (s.name().length() > 1024) {
            throw new InvalidInput("invalid_ingress_filter", "name is longer than 1024 characters");
        }
        if (s.osMask() < 1 || s.osMask() > IngressFilter.OS_ALL) {
            throw new InvalidInput(
                    "invalid_ingress_filter", "os_mask must be 1 (Windows), 2 (OS X), 4 (Linux) or a sum of them");
        }
        if (s.descendantFilteringLevel() < 0 || s.descendantFilteringLevel() > MAX_DESCENDANT_LEVEL) {
            throw new InvalidInput(
                    "invalid_ingress_filter", "descendant_filtering_level must be 0 to " + MAX_DESCENDANT_LEVEL);
        }
        if (s.groupIds().size() > MAX_IDS || s.sensorIds().size() > MAX_IDS) {
            throw new InvalidInput("invalid_ingress_filter", "at most " + MAX_IDS + " group or sensor ids");
        }
        checkStoredLength("group_ids", s.groupIds());
        checkStoredLength("sensor_ids", s.sensorIds());
        for (Map.Entry<String, List<String>> named : s.patternLists().entrySet()) {
            List<String> list = named.getValue();
            if (list.size() > MAX_PATTERNS) {
                throw new InvalidInput(
                        "invalid_ingress_filter", named.getKey() + ": at most " + MAX_PATTERNS + " patterns per list");
            }
            for (String p : list) {
                if (p.isEmpty() || p.length() > MAX_PATTERN || p.indexOf('\n') >= 0 || p.indexOf('\r') >= 0) {
                    throw new InvalidInput(
                            "invalid_ingress_filter",
                            "a pattern must be 1-" + MAX_PATTERN + " characters on one line: '" + p + "'");
                }
            }
            checkStoredLength(named.getKey(), list);
        }
    }

    /**
     * A list is stored one entry per line in a column of {@value #MAX_STORED_LIST} characters (V10): longer is a 400
     * naming the field rather than a database error.
     */
    private static void checkStoredLength(String field, List<?> list) {
        long chars = Math.max(0, list.size() - 1);
        for (Object v : list) chars += String.valueOf(v).length();
        if (chars > MAX_STORED_LIST) {
            throw new InvalidInput(
                    "invalid_ingress_filter",
                    field + " is too long: " + chars + " characters with one line break between entries, at most "
                            + MAX_STORED_LIST);
        }
    }
}
