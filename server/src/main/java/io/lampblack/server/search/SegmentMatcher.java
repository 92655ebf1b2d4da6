package io.lampblack.server.search;

import io.lampblack.server.search.query.QueryNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Matches saved queries against a batch of just-indexed segments, one segment at a time (per-segment semantics, as
 * Carbon Black's 5.x mode): what streamed watchlists need of the process index. A clause means exactly what it means
 * in search. {@code lucene.process.SegmentBatchMatcher} matches in the Lucene process index itself.
 */
public interface SegmentMatcher {

    /**
     * For each query (by key) that matches any segment of the batch, the matching segments. Makes the batch
     * searchable first. A query that cannot be evaluated (say, a tag clause over too many documents) matches nothing
     * here; the periodic run reports it.
     *
     * @param uniqueIds     the batch's segments
     * @param minServerTime the earliest receipt time among them (epoch ms)
     */
    <K> Map<K, List<ProcessHit>> match(Collection<String> uniqueIds, long minServerTime, Map<K, QueryNode> queries);
}
