package io.lampblack.server.lucene.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.lucene.index.IndexReaderContext;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.search.IndexSearcher;

/**
 * One searcher over several partitions (a {@link MultiReader} of their readers) whose work is cut into slices that
 * never span two partitions: a small partition is one slice, a large one is cut like Lucene cuts an index. Slices
 * run in parallel on the shared search executor (and on the calling thread).
 */
final class PartitionSearcher extends IndexSearcher {

    /** Lucene's own defaults for cutting one index into slices. */
    private static final int MAX_DOCS_PER_SLICE = 250_000;

    private static final int MAX_SEGMENTS_PER_SLICE = 5;

    PartitionSearcher(MultiReader reader, Executor executor) {
        super(reader, executor);
    }

    @Override
    protected LeafSlice[] slices(List<LeafReaderContext> leaves) {
        List<LeafSlice> out = new ArrayList<>();
        List<IndexReaderContext> partitions = getTopReaderContext().children();
        if (partitions == null) return super.slices(leaves);
        for (IndexReaderContext partition : partitions) {
            List<LeafReaderContext> own = new ArrayList<>();
            collectLeaves(partition, own);
            if (own.isEmpty()) continue;
            for (LeafSlice s : slices(own, MAX_DOCS_PER_SLICE, MAX_SEGMENTS_PER_SLICE, false)) out.add(s);
        }
        return out.toArray(new LeafSlice[0]);
    }

    /** The leaves under a partition's context (only a top-level context lists its leaves itself). */
    private static void collectLeaves(IndexReaderContext context, List<LeafReaderContext> into) {
        if (context instanceof LeafReaderContext leaf) {
            into.add(leaf);
            return;
        }
        for (IndexReaderContext child : context.children()) collectLeaves(child, into);
    }
}
