package io.lampblack.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.OrdinalMap;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.LongValues;
import org.apache.lucene.util.packed.PackedInts;

/**
 * The ceiling of the query benchmark: each query class answered with plain Lucene on the same searcher, written by
 * hand from what the index holds (field names and term forms as {@code ProcessFieldWriter} writes them), without
 * our parser, translator or path vocabulary. A result is what a search response needs: the exact total, the first
 * page of ten by {@code last_update} descending with its stored documents, and facet counts where asked.
 *
 * <p>Field names and encodings are spelled out here on purpose rather than taken from the server's schema
 * classes: the ceiling is also a second opinion on our answers, and a shared mistake would hide.
 */
final class HandBuilt {

    static final int ROWS = 10;
    static final String GUID = "process_id";
    static final String LAST_UPDATE = "last_update";
    /** Stored fields of a segment document (SegmentDocumentBuilder): unique id and the Carbon Black JSON. */
    private static final Set<String> PAGE_FIELDS = Set.of("_uid", "_json");

    private static final Sort BY_LAST_UPDATE = new Sort(new SortField(LAST_UPDATE, SortField.Type.LONG, true));

    /** A hand-built answer: total, the page's unique ids in order, facet counts (field → value → count). */
    record Answer(long total, List<String> page, Map<String, Map<String, Long>> facets) {
        static Answer of(long total, List<String> page) {
            return new Answer(total, page, Map.of());
        }
    }

    private IndexReader ordinalsReader;
    private OrdinalMap ordinals;
    private long ordinalMapNanos;

    // ---------------------------------------------------------------- plain searches

    /** Top ten by last_update descending, the exact total, the page's stored documents. */
    static Answer page(IndexSearcher s, Query q) throws IOException {
        TopDocs top = s.search(q, ROWS, BY_LAST_UPDATE);
        long total = top.totalHits.relation() == TotalHits.Relation.EQUAL_TO ? top.totalHits.value() : s.count(q);
        return Answer.of(total, load(s, docs(top.scoreDocs)));
    }

    /** Only the total (facet requests with rows=0, and "what if the feature were ignored" checks). */
    static long count(IndexSearcher s, Query q) throws IOException {
        return s.count(q);
    }

    /** Reads the page's stored documents as a result page must; returns their unique ids. */
    static List<String> load(IndexSearcher s, int[] docs) throws IOException {
        StoredFields stored = s.storedFields();
        List<String> ids = new ArrayList<>(docs.length);
        for (int doc : docs) {
            Document d = stored.document(doc, PAGE_FIELDS);
            BytesRef json = d.getBinaryValue("_json");
            if (json == null || json.length == 0) throw new IllegalStateException("segment document without JSON");
            ids.add(d.get("_uid"));
        }
        return ids;
    }

    // ---------------------------------------------------------------- whole paths

    /**
     * Whole paths of {@code field} (as segment documents index them: lower case, '/' separators) that satisfy
     * {@code matches}, found by walking the field's terms, as one TermInSetQuery. {@code prefix} limits the walk
     * when every match starts with it (empty: every term is looked at).
     */
    static Query wholePaths(IndexSearcher s, String field, String prefix, Predicate<String> matches)
            throws IOException {
        TreeSet<BytesRef> paths = new TreeSet<>();
        BytesRef start = new BytesRef(prefix);
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(field);
            if (terms == null) continue;
            TermsEnum te = terms.iterator();
            if (te.seekCeil(start) == TermsEnum.SeekStatus.END) continue;
            for (BytesRef t = te.term(); t != null; t = te.next()) {
                String path = t.utf8ToString();
                if (!path.startsWith(prefix)) break;
                if (matches.test(path)) paths.add(BytesRef.deepCopyOf(t));
            }
        }
        return new TermInSetQuery(field, paths);
    }

    /** Whether some right-anchored sub-path of a whole path (split at '/') starts with {@code prefix}. */
    static boolean subPathStartsWith(String path, String prefix) {
        if (path.startsWith(prefix)) return true;
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            if (path.startsWith(prefix, i + 1)) return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- processes (comprehensive, group)

    /**
     * Global ordinals of the process GUID's doc values across the searcher's leaves, built once per reader: they make
     * process sets plain bitsets. Built outside the timed queries (the reader does not change while they run); the
     * time it took is reported beside the figures.
     */
    synchronized OrdinalMap guidOrdinals(IndexReader reader) throws IOException {
        if (ordinalsReader != reader) {
            long t0 = System.nanoTime();
            List<LeafReaderContext> leaves = reader.leaves();
            SortedDocValues[] values = new SortedDocValues[leaves.size()];
            for (int i = 0; i < values.length; i++)
                values[i] = DocValues.getSorted(leaves.get(i).reader(), GUID);
            ordinals = OrdinalMap.build(null, values, PackedInts.DEFAULT);
            ordinalsReader = reader;
            ordinalMapNanos = System.nanoTime() - t0;
        }
        return ordinals;
    }

    long ordinalMapNanos() {
        return ordinalMapNanos;
    }

    /** The processes with at least one segment matching {@code q}, as a bitset over global GUID ordinals. */
    FixedBitSet processes(IndexSearcher s, Query q) throws IOException {
        OrdinalMap map = guidOrdinals(s.getIndexReader());
        FixedBitSet out = new FixedBitSet((int) map.getValueCount());
        Weight w = s.createWeight(s.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Scorer scorer = w.scorer(leaf);
            if (scorer == null) continue;
            SortedDocValues guids = DocValues.getSorted(leaf.reader(), GUID);
            LongValues global = map.getGlobalOrds(leaf.ord);
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator it = scorer.iterator();
            for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
                if (live != null && !live.get(d)) continue;
                if (guids.advanceExact(d)) out.set((int) global.get(guids.ordValue()));
            }
        }
        return out;
    }

    /** Every processes' GUID ordinal: the scope a leading NOT takes its complement in. */
    FixedBitSet allProcesses(IndexSearcher s) throws IOException {
        FixedBitSet all = new FixedBitSet((int) guidOrdinals(s.getIndexReader()).getValueCount());
        all.set(0, all.length());
        return all;
    }

    /**
     * Every segment of the given processes (comprehensive search returns whole processes): one pass over the GUID
     * doc values of every document, the exact total, the ten newest by last_update, their stored documents.
     */
    Answer segmentsOf(IndexSearcher s, FixedBitSet processes) throws IOException {
        OrdinalMap map = guidOrdinals(s.getIndexReader());
        TopTen top = new TopTen();
        long total = 0;
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            SortedDocValues guids = DocValues.getSorted(leaf.reader(), GUID);
            NumericDocValues lastUpdate = DocValues.getNumeric(leaf.reader(), LAST_UPDATE);
            LongValues global = map.getGlobalOrds(leaf.ord);
            Bits live = leaf.reader().getLiveDocs();
            for (int d = guids.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = guids.nextDoc()) {
                if (live != null && !live.get(d)) continue;
                if (!processes.get((int) global.get(guids.ordValue()))) continue;
                total++;
                top.offer(lastUpdate.advanceExact(d) ? lastUpdate.longValue() : Long.MIN_VALUE, leaf.docBase + d);
            }
        }
        return Answer.of(total, load(s, top.docs()));
    }

    /**
     * {@code cb.group=id}: the matching segments collapsed to one row per process, the row being the process's
     * newest matching segment (the first in the default sort); the total counts processes.
     */
    Answer grouped(IndexSearcher s, Query q) throws IOException {
        OrdinalMap map = guidOrdinals(s.getIndexReader());
        int n = (int) map.getValueCount();
        long[] best = new long[n];
        int[] bestDoc = new int[n];
        FixedBitSet seen = new FixedBitSet(n);
        Weight w = s.createWeight(s.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Scorer scorer = w.scorer(leaf);
            if (scorer == null) continue;
            SortedDocValues guids = DocValues.getSorted(leaf.reader(), GUID);
            NumericDocValues lastUpdate = DocValues.getNumeric(leaf.reader(), LAST_UPDATE);
            LongValues global = map.getGlobalOrds(leaf.ord);
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator it = scorer.iterator();
            for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
                if (live != null && !live.get(d) || !guids.advanceExact(d)) continue;
                int g = (int) global.get(guids.ordValue());
                long lu = lastUpdate.advanceExact(d) ? lastUpdate.longValue() : Long.MIN_VALUE;
                int doc = leaf.docBase + d;
                if (!seen.getAndSet(g) || lu > best[g] || (lu == best[g] && doc < bestDoc[g])) {
                    best[g] = lu;
                    bestDoc[g] = doc;
                }
            }
        }
        TopTen top = new TopTen();
        for (int g = seen.nextSetBit(0);
                g != DocIdSetIterator.NO_MORE_DOCS;
                g = g + 1 < n ? seen.nextSetBit(g + 1) : DocIdSetIterator.NO_MORE_DOCS) {
            top.offer(best[g], bestDoc[g]);
        }
        return Answer.of(seen.cardinality(), load(s, top.docs()));
    }

    // ---------------------------------------------------------------- facets

    /**
     * Facet counts over the matching segments: per leaf an array of counts indexed by the SortedSet doc values'
     * ordinals, merged across leaves by value; the top 200 per field by count.
     */
    static Answer faceted(IndexSearcher s, Query q, List<String> fields) throws IOException {
        Map<String, Map<String, Long>> merged = new LinkedHashMap<>();
        for (String f : fields) merged.put(f, new HashMap<>());
        long total = 0;
        Weight w = s.createWeight(s.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Scorer scorer = w.scorer(leaf);
            if (scorer == null) continue;
            SortedSetDocValues[] values = new SortedSetDocValues[fields.size()];
            int[][] counts = new int[fields.size()][];
            for (int i = 0; i < values.length; i++) {
                values[i] = DocValues.getSortedSet(leaf.reader(), fields.get(i));
                counts[i] = new int[(int) values[i].getValueCount()];
            }
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator it = scorer.iterator();
            for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
                if (live != null && !live.get(d)) continue;
                total++;
                for (int i = 0; i < values.length; i++) {
                    if (!values[i].advanceExact(d)) continue;
                    for (int k = values[i].docValueCount(); k > 0; k--) counts[i][(int) values[i].nextOrd()]++;
                }
            }
            for (int i = 0; i < values.length; i++) {
                Map<String, Long> m = merged.get(fields.get(i));
                for (int ord = 0; ord < counts[i].length; ord++) {
                    if (counts[i][ord] > 0)
                        m.merge(values[i].lookupOrd(ord).utf8ToString(), (long) counts[i][ord], Long::sum);
                }
            }
        }
        Map<String, Map<String, Long>> top = new LinkedHashMap<>();
        merged.forEach((field, m) -> {
            Map<String, Long> sorted = new LinkedHashMap<>();
            m.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(200)
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            top.put(field, sorted);
        });
        return new Answer(total, List.of(), top);
    }

    // ---------------------------------------------------------------- data-dependent bounds

    /** The values of a numeric doc-values field at the given quantiles (0..1), for time windows that select a share. */
    static long[] quantiles(IndexSearcher s, String field, double... qs) throws IOException {
        long[] all = new long[s.getIndexReader().numDocs()];
        int n = 0;
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            NumericDocValues v = DocValues.getNumeric(leaf.reader(), field);
            Bits live = leaf.reader().getLiveDocs();
            for (int d = v.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = v.nextDoc()) {
                if (live == null || live.get(d)) all[n++] = v.longValue();
            }
        }
        Arrays.sort(all, 0, n);
        long[] out = new long[qs.length];
        for (int i = 0; i < qs.length; i++) out[i] = n == 0 ? 0 : all[Math.min(n - 1, (int) (qs[i] * n))];
        return out;
    }

    /** The ten largest (sort value, doc) pairs, sort value descending and doc ascending on ties, as Lucene sorts. */
    private static final class TopTen {
        private final PriorityQueue<long[]> heap =
                new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));

        void offer(long value, int doc) {
            if (heap.size() < ROWS) {
                heap.add(new long[] {value, doc});
                return;
            }
            long[] worst = heap.peek();
            if (value > worst[0] || (value == worst[0] && doc < worst[1])) {
                heap.poll();
                heap.add(new long[] {value, doc});
            }
        }

        int[] docs() {
            List<long[]> all = new ArrayList<>(heap);
            all.sort((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));
            int[] out = new int[all.size()];
            for (int i = 0; i < out.length; i++) out[i] = (int) all.get(i)[1];
            return out;
        }
    }

    static int[] docs(ScoreDoc[] hits) {
        int[] out = new int[hits.length];
        for (int i = 0; i < hits.length; i++) out[i] = hits[i].doc;
        return out;
    }
}
