package io.lampblack.server.search;

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

import java.io.IOException;
import java.util.List;

/**
 * One matching document per process: what facets count when results are grouped by process ({@code cb.group=id}),
 * so that each process counts once. The facet fields are process metadata, identical on every segment, so any
 * segment of a process represents it. Built for one searcher; a query over exactly those documents.
 */
final class ProcessRepresentatives extends Query {

    private final Object readerKey;
    private final FixedBitSet[] perLeaf;

    private ProcessRepresentatives(Object readerKey, FixedBitSet[] perLeaf) {
        this.readerKey = readerKey;
        this.perLeaf = perLeaf;
    }

    /** The first matching document (in index order) of every process matching {@code query}. */
    static ProcessRepresentatives of(IndexSearcher searcher, Query query) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        FixedBitSet[] bits = new FixedBitSet[leaves.size()];
        ProcessKeySet seen = new ProcessKeySet(1024);
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : leaves) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) continue;
            NumericDocValues keys = DocValues.getNumeric(leaf.reader(), ProcessKeys.FIELD);
            FixedBitSet set = new FixedBitSet(leaf.reader().maxDoc());
            DocIdSetIterator it = scorer.iterator();
            var live = leaf.reader().getLiveDocs();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live != null && !live.get(doc)) continue;
                if (keys.advanceExact(doc) && seen.add(keys.longValue())) set.set(doc);
            }
            bits[leaf.ord] = set;
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
