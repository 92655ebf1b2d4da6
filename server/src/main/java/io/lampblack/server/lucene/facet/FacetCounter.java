package io.lampblack.server.lucene.facet;

import io.lampblack.server.search.facet.FacetEntry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * Counts facet values over the documents matching a query, reading doc values only (no stored fields), in one pass
 * for all requested facets. It knows nothing of any schema: each {@link FacetRequest} names its doc-values field,
 * and the doc-values type found in each index segment decides how it is read (sorted-set, sorted, numeric or
 * sorted-numeric), so a field written differently in old segments still counts.
 *
 * <p>Keyword and number facets are sorted by count (ties by value) and cut to the top {@value #MAX_ENTRIES}; their
 * {@code ratio} is relative to the sum of all counts, not only the reported ones. Date facets report every bucket
 * of their window, empty ones included, oldest first, since clients draw them as a histogram; values outside the
 * window are not counted. A multi-valued document counts once for each of its distinct values. Thread-safe.
 */
public final class FacetCounter {

    /** Carbon Black reports at most this many values per facet. */
    public static final int MAX_ENTRIES = 200;

    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 24 * HOUR_MS;

    private final Clock clock;

    /** @param clock "now" for the date windows (the last 30 days end today) */
    public FacetCounter(Clock clock) {
        this.clock = clock;
    }

    /** Facet name → entries, in request order. Requests naming a field the index does not have count nothing. */
    public Map<String, List<FacetEntry>> count(IndexSearcher searcher, Query query, List<FacetRequest> requests)
            throws IOException {
        if (requests.isEmpty()) {
            return Map.of();
        }
        Instant now = clock.instant();
        List<long[]> windows = requests.stream().map(r -> window(r, now)).toList();
        Tallies total = searcher.search(query, new CollectorManager<FacetCollector, Tallies>() {
            @Override
            public FacetCollector newCollector() {
                return new FacetCollector(requests, windows);
            }

            @Override
            public Tallies reduce(Collection<FacetCollector> collectors) {
                Tallies merged = new Tallies(requests, windows);
                collectors.forEach(c -> merged.add(c.tallies));
                return merged;
            }
        });
        Map<String, List<FacetEntry>> out = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            out.put(requests.get(i).name(), total.render(i));
        }
        return out;
    }

    /** The bucket boundaries of a date facet (epoch ms, {@code buckets + 1} of them); empty for other kinds. */
    static long[] window(FacetRequest request, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int n = request.buckets();
        long[] bounds = new long[n + 1];
        switch (request.kind()) {
            case DAYS -> {
                for (int i = 0; i <= n; i++) {
                    bounds[i] = millis(today.minusDays(n - 1L - i));
                }
            }
            case MONTHS -> {
                LocalDate month = today.withDayOfMonth(1);
                for (int i = 0; i <= n; i++) {
                    bounds[i] = millis(month.minusMonths(n - 1L - i));
                }
            }
            default -> {
                return new long[0];
            }
        }
        return bounds;
    }

    private static long millis(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** Counts of every request, for one collector or merged. */
    private static final class Tallies {
        private final List<FacetRequest> requests;
        private final List<long[]> windows;
        final List<Map<Object, long[]>> values = new ArrayList<>();
        final List<long[]> buckets = new ArrayList<>();

        Tallies(List<FacetRequest> requests, List<long[]> windows) {
            this.requests = requests;
            this.windows = windows;
            for (int i = 0; i < requests.size(); i++) {
                values.add(new HashMap<>());
                buckets.add(new long[Math.max(0, windows.get(i).length - 1)]);
            }
        }

        void addValue(int request, Object value, long count) {
            values.get(request).computeIfAbsent(value, v -> new long[1])[0] += count;
        }

        void add(Tallies other) {
            for (int i = 0; i < requests.size(); i++) {
                int request = i;
                other.values.get(i).forEach((v, c) -> addValue(request, v, c[0]));
                long[] mine = buckets.get(i);
                long[] theirs = other.buckets.get(i);
                for (int b = 0; b < mine.length; b++) {
                    mine[b] += theirs[b];
                }
            }
        }

        List<FacetEntry> render(int request) {
            FacetRequest r = requests.get(request);
            if (r.kind() == FacetRequest.Kind.DAYS || r.kind() == FacetRequest.Kind.MONTHS) {
                long[] counts = buckets.get(request);
                long[] bounds = windows.get(request);
                long max = Arrays.stream(counts).max().orElse(0);
                long sum = Arrays.stream(counts).sum();
                List<FacetEntry> out = new ArrayList<>(counts.length);
                for (int b = 0; b < counts.length; b++) {
                    out.add(FacetEntry.of(Instant.ofEpochMilli(bounds[b]).toString(), counts[b], max, sum));
                }
                return out;
            }
            Map<Object, long[]> counts = values.get(request);
            long sum = 0;
            long max = 0;
            for (long[] c : counts.values()) {
                sum += c[0];
                max = Math.max(max, c[0]);
            }
            long total = sum;
            long top = max;
            return counts.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<Object, long[]>>comparingLong(e -> -e.getValue()[0])
                            .thenComparing(e -> e.getKey(), FacetCounter::compareValues))
                    .limit(MAX_ENTRIES)
                    .map(e -> FacetEntry.of(e.getKey(), e.getValue()[0], top, total))
                    .toList();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    private static final class FacetCollector implements Collector {
        private final List<FacetRequest> requests;
        private final List<long[]> windows;
        final Tallies tallies;

        FacetCollector(List<FacetRequest> requests, List<long[]> windows) {
            this.requests = requests;
            this.windows = windows;
            this.tallies = new Tallies(requests, windows);
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            List<LeafCounter> counters = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                LeafCounter c = LeafCounter.open(context.reader(), requests.get(i), i, windows.get(i), tallies);
                if (c != null) {
                    counters.add(c);
                }
            }
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {}

                @Override
                public void collect(int doc) throws IOException {
                    for (LeafCounter c : counters) {
                        c.collect(doc);
                    }
                }

                @Override
                public void finish() throws IOException {
                    for (LeafCounter c : counters) {
                        c.finish();
                    }
                }
            };
        }
    }

    /** Counts one request in one index segment. */
    private abstract static class LeafCounter {
        final int request;
        final Tallies tallies;

        LeafCounter(int request, Tallies tallies) {
            this.request = request;
            this.tallies = tallies;
        }

        abstract void collect(int doc) throws IOException;

        /** Moves per-segment counts (by ordinal) into the tallies. */
        void finish() throws IOException {}

        static LeafCounter open(LeafReader reader, FacetRequest r, int request, long[] window, Tallies tallies)
                throws IOException {
            FieldInfo info = reader.getFieldInfos().fieldInfo(r.field());
            if (info == null) {
                return null;
            }
            DocValuesType type = info.getDocValuesType();
            return switch (r.kind()) {
                case TERMS ->
                    switch (type) {
                        case SORTED_SET ->
                            new SortedSetCounter(reader.getSortedSetDocValues(r.field()), request, tallies);
                        case SORTED -> new SortedCounter(reader.getSortedDocValues(r.field()), request, tallies);
                        default -> null;
                    };
                case NUMBERS, DAYS, MONTHS, HOUR_OF_DAY, DAY_OF_WEEK -> {
                    NumberSink sink = switch (r.kind()) {
                        case NUMBERS -> value -> tallies.addValue(request, value, 1);
                        case HOUR_OF_DAY ->
                            value -> tallies.addValue(request, Math.floorMod(value, DAY_MS) / HOUR_MS, 1);
                        // 1970-01-01 was a Thursday (ISO 4).
                        case DAY_OF_WEEK ->
                            value -> tallies.addValue(
                                    request, Math.floorMod(Math.floorDiv(value, DAY_MS) + 3, 7) + 1, 1);
                        default -> new BucketSink(window, tallies.buckets.get(request));
                    };
                    yield switch (type) {
                        case NUMERIC ->
                            new NumericCounter(reader.getNumericDocValues(r.field()), sink, request, tallies);
                        case SORTED_NUMERIC ->
                            new SortedNumericCounter(
                                    reader.getSortedNumericDocValues(r.field()), sink, request, tallies);
                        default -> null;
                    };
                }
            };
        }
    }

    private static final class SortedSetCounter extends LeafCounter {
        private final SortedSetDocValues values;
        /** Counts by ordinal (ints: a segment has fewer than 2^31 documents). */
        private final int[] perOrd;

        SortedSetCounter(SortedSetDocValues values, int request, Tallies tallies) {
            super(request, tallies);
            this.values = values;
            this.perOrd = new int[Math.toIntExact(values.getValueCount())];
        }

        @Override
        void collect(int doc) throws IOException {
            if (values.advanceExact(doc)) {
                for (int i = 0; i < values.docValueCount(); i++) {
                    perOrd[(int) values.nextOrd()]++;
                }
            }
        }

        @Override
        void finish() throws IOException {
            for (int ord = 0; ord < perOrd.length; ord++) {
                if (perOrd[ord] > 0) {
                    tallies.addValue(request, values.lookupOrd(ord).utf8ToString(), perOrd[ord]);
                }
            }
        }
    }

    private static final class SortedCounter extends LeafCounter {
        private final SortedDocValues values;
        private final int[] perOrd;

        SortedCounter(SortedDocValues values, int request, Tallies tallies) {
            super(request, tallies);
            this.values = values;
            this.perOrd = new int[values.getValueCount()];
        }

        @Override
        void collect(int doc) throws IOException {
            if (values.advanceExact(doc)) {
                perOrd[values.ordValue()]++;
            }
        }

        @Override
        void finish() throws IOException {
            for (int ord = 0; ord < perOrd.length; ord++) {
                if (perOrd[ord] > 0) {
                    tallies.addValue(request, values.lookupOrd(ord).utf8ToString(), perOrd[ord]);
                }
            }
        }
    }

    @FunctionalInterface
    private interface NumberSink {
        void accept(long value);
    }

    /** Adds a value to the bucket of the window it falls in, if any. */
    private record BucketSink(long[] bounds, long[] counts) implements NumberSink {
        @Override
        public void accept(long value) {
            if (bounds.length < 2 || value < bounds[0] || value >= bounds[bounds.length - 1]) {
                return;
            }
            int at = Arrays.binarySearch(bounds, value);
            // An exact boundary starts its bucket; otherwise the insertion point is one past the bucket.
            counts[at >= 0 ? at : -at - 2]++;
        }
    }

    private static final class NumericCounter extends LeafCounter {
        private final NumericDocValues values;
        private final NumberSink sink;

        NumericCounter(NumericDocValues values, NumberSink sink, int request, Tallies tallies) {
            super(request, tallies);
            this.values = values;
            this.sink = sink;
        }

        @Override
        void collect(int doc) throws IOException {
            if (values.advanceExact(doc)) {
                sink.accept(values.longValue());
            }
        }
    }

    private static final class SortedNumericCounter extends LeafCounter {
        private final SortedNumericDocValues values;
        private final NumberSink sink;

        SortedNumericCounter(SortedNumericDocValues values, NumberSink sink, int request, Tallies tallies) {
            super(request, tallies);
            this.values = values;
            this.sink = sink;
        }

        @Override
        void collect(int doc) throws IOException {
            if (values.advanceExact(doc)) {
                long previous = 0;
                for (int i = 0; i < values.docValueCount(); i++) {
                    long value = values.nextValue();
                    // Values come sorted; a repeated one is the same value, counted once per document.
                    if (i == 0 || value != previous) {
                        sink.accept(value);
                    }
                    previous = value;
                }
            }
        }
    }
}
