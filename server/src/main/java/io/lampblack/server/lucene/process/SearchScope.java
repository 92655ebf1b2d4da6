package io.lampblack.server.lucene.process;

import io.lampblack.server.lucene.SearcherWork;
import io.lampblack.server.search.PartitionFilter;

/**
 * The searchable view of a partitioned index: one searcher over every mounted partition that may hold documents
 * in the filter's window (a Lucene {@code MultiReader} over their current readers), so a search — including
 * comprehensive search's per-process joins — sees all of them at once. Cold (unmounted) partitions are never in it.
 */
public interface SearchScope {

    /** Runs {@code work} on a searcher over the partitions the filter may match; the searcher is released after. */
    <T> T withSearcher(PartitionFilter filter, SearcherWork<T> work);
}
