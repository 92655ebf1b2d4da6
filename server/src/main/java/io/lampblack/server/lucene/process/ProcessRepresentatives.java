package io.lampblack.server.lucene.process;

import io.lampblack.server.search.schema.ProcessFields;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSetIterator;
import org.apache.lucene.util.FixedBitSet;

/**
 * One matching document per process: what facets count when results are grouped by process ({@code cb.group=id}),
 * so that each process counts once. The facet fields are process metadata; the newest segment of a process
 * describes it best. Built for one searcher; a query over exactly those documents.
 */
final class ProcessRepresentatives extends Query {

    private final Object readerKey;
    private final FixedBitSet[] perLeaf;

    private ProcessRepresentatives(Object readerKey, FixedBitSet[] perLeaf) {
        this.readerKey = readerKey;
        this.perLeaf = perLeaf;
    }

    /**
     * The newest matching segment of every process matching {@code query}: segments written before a process's
     * start event was seen lack its metadata, so the newest one describes the process best.
     */
    static ProcessRepresentatives of(IndexSearcher searcher, Query query) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        // process key -> {segment id, leaf ord, doc}
        Map<Long, long[]> newest = new HashMap<>();
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : leaves) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) continue;
            NumericDocValues keys = DocValues.getNumeric(leaf.reader(), ProcessKeys.FIELD);
            NumericDocValues segments = DocValues.getNumeric(leaf.reader(), ProcessFields.SEGMENT_ID);
            DocIdSetIterator it = scorer.iterator();
            var live = leaf.reader().getLiveDocs();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live != null && !live.get(doc)) continue;
                long key = keys.advanceExact(doc) ? keys.longValue() : 0L;
                long segment = segments.advanceExact(doc) ? segments.longValue() : Long.MIN_VALUE;
                long[] best = newest.get(key);
                if (best == null) newest.put(key, new long[] {segment, leaf.ord, doc});
                else if (segment > best[0]) {
                    best[0] = segment;
                    best[1] = leaf.ord;
                    best[2] = doc;
                }
            }
        }
        FixedBitSet[] bits = new FixedBitSet[leaves.size()];
        for (long[] best : newest.values()) {
            int ord = (int) best[1];
            if (bits[ord] == null)
                bits[ord] = new FixedBitSet(leaves.get(ord).reader().maxDoc());
            bits[ord].set((int) best[2]);
        }
        return new ProcessRepresentatives(searcher.getIndexReader().getContext().id(), bits);
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new ConstantScoreWeight(this, boost) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) {
                FixedBitSet set = context.ord < perLeaf.length ? perLeaf[context.ord] : null;
                if (set == null) return null;
                Scorer scorer = new ConstantScoreScorer(score(), scoreMode, new BitSetIterator(set, set.cardinality()));
                return new DefaultScorerSupplier(scorer);
            }

            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return false;
            }
        };
    }

    @Override
    public String toString(String field) {
        return "ProcessRepresentatives";
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public boolean equals(Object other) {
        return other == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
