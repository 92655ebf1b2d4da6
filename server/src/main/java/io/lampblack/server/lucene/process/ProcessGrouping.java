package io.lampblack.server.lucene.process;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldComparator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafFieldComparator;
import org.apache.lucene.search.Pruning;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * {@code cb.group=id}: the first segment of every matching process in the requested sort order, in one pass over
 * the matches. Each process gets a comparator slot holding its best segment so far (Lucene's own field comparators,
 * so every sortable field sorts as in an ungrouped search); the slots are then sorted and the page cut out. Cost is
 * one visit per matching segment plus a sort of the processes, whatever the page — unless the top segments in sort
 * order already show the page's processes, which is the common case for the first pages.
 */
final class ProcessGrouping {

    /** The processes matching, and the page of their first segments (global doc ids, in order). */
    record Result(long processes, List<ScoreDoc> page) {}

    private ProcessGrouping() {}

    static Result firstPerProcess(IndexSearcher searcher, Query query, Sort sort, int start, int rows)
            throws IOException {
        return firstPerProcess(searcher, query, sort, start, rows, true);
    }

    /** @param shortcut whether the top-segments shortcut may answer (tests turn it off to check the full pass) */
    static Result firstPerProcess(IndexSearcher searcher, Query query, Sort sort, int start, int rows, boolean shortcut)
            throws IOException {
        ProcessKeySet all = ComprehensiveEvaluator.collect(searcher, query, null, null);
        int n = all.size();
        if (rows <= 0 || start >= n) return new Result(n, List.of());
        List<ScoreDoc> fast = shortcut ? fromTopSegments(searcher, query, sort, start, rows, n) : null;
        if (fast != null) return new Result(n, fast);
        SortField[] fields = sort.getSort();
        FieldComparator<?>[] comparators = new FieldComparator<?>[fields.length];
        int[] direction = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            comparators[i] = fields[i].getComparator(n, Pruning.NONE);
            direction[i] = fields[i].getReverse() ? -1 : 1;
        }
        Map<Long, Integer> slotOf = new HashMap<>(n * 2);
        int[] slotDoc = new int[n];
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) continue;
            LeafFieldComparator[] leafComparators = new LeafFieldComparator[fields.length];
            for (int i = 0; i < fields.length; i++) leafComparators[i] = comparators[i].getLeafComparator(leaf);
            NumericDocValues keys = DocValues.getNumeric(leaf.reader(), ProcessKeys.FIELD);
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live != null && !live.get(doc)) continue;
                long key = keys.advanceExact(doc) ? keys.longValue() : 0L;
                Integer slot = slotOf.get(key);
                if (slot == null) {
                    // More keys than counted can only mean the index changed under us; the page stays consistent.
                    if (slotOf.size() >= n) continue;
                    slot = slotOf.size();
                    slotOf.put(key, slot);
                } else if (!better(leafComparators, direction, slot, doc)) {
                    continue;
                }
                for (LeafFieldComparator c : leafComparators) c.copy(slot, doc);
                slotDoc[slot] = leaf.docBase + doc;
            }
        }
        Integer[] order = new Integer[slotOf.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> {
            for (int i = 0; i < comparators.length; i++) {
                int c = comparators[i].compare(a, b) * direction[i];
                if (c != 0) return c;
            }
            return Integer.compare(slotDoc[a], slotDoc[b]);
        });
        List<ScoreDoc> page = new ArrayList<>(Math.min(rows, order.length));
        for (int i = start; i < order.length && page.size() < rows; i++)
            page.add(new ScoreDoc(slotDoc[order[i]], Float.NaN));
        return new Result(n, page);
    }

    /**
     * The common case, cheaply: the top segments in sort order, a few per wanted row. A process's first segment is its
     * first appearance in that order, so if the top segments already show {@code start + rows} distinct processes
     * (or all of them), their first appearances are the page. Null when they do not: then every match is visited.
     */
    private static List<ScoreDoc> fromTopSegments(
            IndexSearcher searcher, Query query, Sort sort, int start, int rows, int processes) throws IOException {
        long wanted = Math.min((long) start + rows, processes);
        if (wanted > 10_000) return null;
        int chunk = (int) Math.max(64, wanted * 4);
        TopDocs top = searcher.search(query, chunk, sort);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        ProcessKeySet seen = new ProcessKeySet((int) wanted);
        List<ScoreDoc> firsts = new ArrayList<>();
        for (ScoreDoc sd : top.scoreDocs) {
            if (firsts.size() >= wanted) break;
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
            NumericDocValues keys = DocValues.getNumeric(leaf.reader(), ProcessKeys.FIELD);
            long key = keys.advanceExact(sd.doc - leaf.docBase) ? keys.longValue() : 0L;
            if (seen.add(key)) firsts.add(sd);
        }
        if (firsts.size() < wanted) return null;
        return firsts.subList(Math.min(start, firsts.size()), firsts.size());
    }

    /** Whether {@code doc} sorts before the segment held in {@code slot}. */
    private static boolean better(LeafFieldComparator[] comparators, int[] direction, int slot, int doc)
            throws IOException {
        for (int i = 0; i < comparators.length; i++) {
            comparators[i].setBottom(slot);
            // compareBottom > 0: the slot's value sorts after the doc's (ascending).
            int c = comparators[i].compareBottom(doc) * direction[i];
            if (c != 0) return c > 0;
        }
        return false;
    }
}
