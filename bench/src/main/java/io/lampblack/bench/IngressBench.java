package io.lampblack.bench;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.ingress.IngressFilter;
import io.lampblack.server.ingress.IngressFilterStore;
import io.lampblack.server.ingress.IngressFilters;
import io.lampblack.server.ingress.IngressGate;
import io.lampblack.server.sensor.CollectionSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./lampblack bench ingress}: what the intake step of ingress filters costs per event, measured in process (no
 * HTTPS, no journal) on synthetic uploads decoded beforehand: with no filter (the path every upload takes without
 * filters), and with {@code --filters} filters (10 by default) that apply to every sensor and match (almost) nothing,
 * so every event is checked against all of them: path, command-line and MD5 lists with descendants, and every
 * event-type list. Decoding the same uploads is timed too, as the yardstick of what intake already pays per event.
 * One line per figure; median of {@code --rounds} rounds (5) after a warm-up.
 */
final class IngressBench {

    private IngressBench() {}

    static void main(String[] args) throws Exception {
        long events = 1_000_000;
        int filterCount = 10;
        int rounds = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[i + 1]);
                case "--filters" -> filterCount = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("bench ingress: unknown option " + args[i]);
            }
        }
        int perUpload = 1000;
        SyntheticHost host = new SyntheticHost(42);
        List<byte[]> bodies = new ArrayList<>();
        for (long n = 0; n < events; n += perUpload) bodies.add(host.nextUpload(perUpload));
        List<DecodedEventLog> logs = new ArrayList<>();
        for (byte[] b : bodies) logs.add(EventLogReader.decodeStrict(b, Integer.MAX_VALUE - 16));
        long total = logs.stream().mapToLong(DecodedEventLog::size).sum();

        IngressFilters none = new IngressFilters(new MemoryStore(), Clock.systemUTC());
        IngressFilters some = new IngressFilters(new MemoryStore(), Clock.systemUTC());
        for (int i = 0; i < filterCount; i++) some.create(Optional.of("bench-" + i), spec(i), "bench");
        IngressGate off = none.gate(CollectionSettings.EVERYTHING, id -> new IngressGate.Placement(1, 1));
        IngressGate on = some.gate(CollectionSettings.EVERYTHING, id -> new IngressGate.Placement(1, 1));

        double decode = median(rounds, () -> {
            long kept = 0;
            for (byte[] b : bodies)
                kept += EventLogReader.decodeStrict(b, Integer.MAX_VALUE - 16).size();
            return kept;
        });
        double offNs = median(rounds, () -> keep(off, logs));
        double onNs = median(rounds, () -> keep(on, logs));
        System.out.printf("events %d%n", total);
        System.out.printf("decode_ns_per_event %.1f%n", decode / total);
        System.out.printf("filters_off_ns_per_event %.2f%n", offNs / total);
        System.out.printf("filters_%d_ns_per_event %.1f%n", filterCount, onNs / total);
        System.out.printf("filters_%d_to_decode_ratio %.3f%n", filterCount, onNs / decode);
        System.out.printf("events_dropped %d%n", on.droppedByFilters() / (rounds + 1));
    }

    private static long keep(IngressGate gate, List<DecodedEventLog> logs) {
        long kept = 0;
        for (int i = 0; i < logs.size(); i++)
            kept += gate.keep(1 + i % 20, logs.get(i)).size();
        return kept;
    }

    /** Filters that apply to every sensor and match next to nothing (so every event pays for every list). */
    private static IngressFilter.Spec spec(int i) {
        return new IngressFilter.Spec(
                "bench " + i,
                "matches next to nothing",
                i,
                false,
                true,
                false,
                true,
                true,
                IngressFilter.OS_ALL,
                true,
                List.of(),
                List.of(),
                List.of("*\\not-there-" + i + ".exe", "c:\\nowhere\\*"),
                List.of("*--never-" + i + "*"),
                List.of(),
                2,
                i % 2 == 0,
                List.of("hklm\\software\\not-there-" + i + "\\*"),
                List.of("*\\not-loaded-" + i + ".dll"),
                List.of("c:\\nowhere-" + i + "\\*"),
                List.of("*.never-" + i),
                List.of("*.not-there-" + i + ".example", "192.0.2.*:" + (1000 + i)),
                List.of("*\\not-there-" + i + ".exe"));
    }

    private interface Run {
        long run() throws Exception;
    }

    /** Median nanoseconds of {@code rounds} runs after one warm-up run. */
    private static double median(int rounds, Run r) throws Exception {
        r.run();
        List<Long> times = new ArrayList<>();
        long sink = 0;
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            sink += r.run();
            times.add(System.nanoTime() - t);
        }
        if (sink == 42) System.out.print(""); // keeps the results alive
        times.sort(null);
        return times.get(times.size() / 2);
    }

    /** Filters in memory: the benchmark measures intake, not the database. */
    private static final class MemoryStore implements IngressFilterStore {
        private final Map<String, IngressFilter> filters = new LinkedHashMap<>();

        @Override
        public synchronized List<IngressFilter> all() {
            return new ArrayList<>(filters.values());
        }

        @Override
        public synchronized Optional<IngressFilter> find(String id) {
            return Optional.ofNullable(filters.get(id));
        }

        @Override
        public synchronized boolean create(IngressFilter f) {
            return filters.putIfAbsent(f.id(), f) == null;
        }

        @Override
        public synchronized boolean update(IngressFilter f) {
            return filters.replace(f.id(), f) != null;
        }

        @Override
        public synchronized boolean delete(String id) {
            return filters.remove(id) != null;
        }

        @Override
        public void addHits(Map<String, Long> hits) {}
    }
}
