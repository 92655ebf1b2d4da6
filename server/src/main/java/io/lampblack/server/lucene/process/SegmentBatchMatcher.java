package io.lampblack.server.lucene.process;

import io.lampblack.server.search.PartitionFilter;
import io.lampblack.server.search.ProcessHit;
import io.lampblack.server.search.SegmentMatcher;
import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.ProcessFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * Matches saved queries against a batch of just-indexed segments, one segment at a time (per-segment semantics, as
 * Carbon Black's 5.x mode), in the process index itself: nothing is indexed twice. After a refresh the batch's
 * documents sit in the newest Lucene segments; only those are visited (a leaf whose newest {@code last_server_update}
 * is older than the batch is skipped in O(1)), the batch's documents are found there by unique id, and each query's
 * scorer is advanced from batch document to batch document, so a query costs a few term look-ups in the new leaves
 * whatever the size of the index. Queries are translated by the index's own translator, so a clause means exactly
 * what it means in search, path clauses included.
 */
public final class SegmentBatchMatcher implements SegmentMatcher {

    private final LuceneProcessIndex index;

    public SegmentBatchMatcher(LuceneProcessIndex index) {
        this.index = index;
    }

    /**
     * For each query (by key) that matches any segment of the batch, the matching segments. Makes the batch
     * searchable first. A query that cannot be evaluated (say, a tag clause over too many documents) matches nothing
     * here; the periodic run reports it.
     *
     * @param uniqueIds     the batch's segments
     * @param minServerTime the earliest receipt time among them (epoch ms)
     */
    @Override
    public <K> Map<K, List<ProcessHit>> match(
            Collection<String> uniqueIds, long minServerTime, Map<K, QueryNode> queries) {
        Map<K, List<ProcessHit>> out = new LinkedHashMap<>();
        if (uniqueIds.isEmpty() || queries.isEmpty()) return out;
        index.refresh();
        PartitionFilter recent = new PartitionFilter(minServerTime, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
        return index.withSearcher(recent, s -> {
            List<LeafReaderContext> leaves = new ArrayList<>();
            List<FixedBitSet> batchDocs = new ArrayList<>();
            locate(s, new TreeSet<>(uniqueIds), minServerTime, leaves, batchDocs);
            if (leaves.isEmpty()) return out;
            StoredFields stored = s.storedFields();
            for (Map.Entry<K, QueryNode> q : queries.entrySet()) {
                List<ProcessHit> hits;
                try {
                    hits = run(s, index.translate(q.getValue()), leaves, batchDocs, stored);
                } catch (QuerySyntaxException | IndexSearcher.TooManyClauses e) {
                    continue;
                }
                if (!hits.isEmpty()) out.put(q.getKey(), hits);
            }
            return out;
        });
    }

    /** The leaves holding batch documents, and which of their documents those are. */
    private static void locate(
            IndexSearcher s,
            TreeSet<String> uids,
            long minServerTime,
            List<LeafReaderContext> leaves,
            List<FixedBitSet> docs)
            throws IOException {
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            PointValues times = leaf.reader().getPointValues(ProcessFields.LAST_SERVER_UPDATE);
            if (times == null || LongPoint.decodeDimension(times.getMaxPackedValue(), 0) < minServerTime) continue;
            Terms terms = leaf.reader().terms(SegmentDocumentBuilder.UNIQUE_ID);
            if (terms == null) continue;
            TermsEnum te = terms.iterator();
            FixedBitSet bits = new FixedBitSet(leaf.reader().maxDoc());
            PostingsEnum postings = null;
            boolean any = false;
            for (String uid : uids) {
                if (!te.seekExact(new BytesRef(uid))) continue;
                postings = te.postings(postings, PostingsEnum.NONE);
                for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
                    if (leaf.reader().getLiveDocs() == null
                            || leaf.reader().getLiveDocs().get(d)) {
                        bits.set(d);
                        any = true;
                    }
                }
            }
            if (any) {
                leaves.add(leaf);
                docs.add(bits);
            }
        }
    }

    /** The batch documents the query matches, by advancing its scorer from one batch document to the next. */
    private static List<ProcessHit> run(
            IndexSearcher s,
            Query query,
            List<LeafReaderContext> leaves,
            List<FixedBitSet> batchDocs,
            StoredFields stored)
            throws IOException {
        Weight w = s.createWeight(s.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        List<ProcessHit> hits = new ArrayList<>(0);
        for (int i = 0; i < leaves.size(); i++) {
            LeafReaderContext leaf = leaves.get(i);
            Scorer scorer = w.scorer(leaf);
            if (scorer == null) continue;
            TwoPhaseIterator twoPhase = scorer.twoPhaseIterator();
            DocIdSetIterator it = twoPhase == null ? scorer.iterator() : twoPhase.approximation();
            FixedBitSet bits = batchDocs.get(i);
            int d = bits.nextSetBit(0);
            while (d != DocIdSetIterator.NO_MORE_DOCS) {
                int at = it.docID() < d ? it.advance(d) : it.docID();
                if (at == DocIdSetIterator.NO_MORE_DOCS) break;
                if (at == d && (twoPhase == null || twoPhase.matches())) {
                    Document doc = stored.document(leaf.docBase + d, SegmentDocumentBuilder.JSON_ONLY);
                    hits.add(new ProcessHit(
                            doc.get(SegmentDocumentBuilder.UNIQUE_ID),
                            LuceneProcessSearcher.bytes(doc.getBinaryValue(SegmentDocumentBuilder.STORED_JSON))));
                }
                int from = at == d ? d + 1 : at;
                d = from >= bits.length() ? DocIdSetIterator.NO_MORE_DOCS : bits.nextSetBit(from);
            }
        }
        return hits;
    }
}
