package io.lampblack.server.binary;

import io.lampblack.server.search.SensorScope;
import io.lampblack.server.search.facet.FacetEntry;
import io.lampblack.server.search.query.QueryNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binary search by role ({@code /api/v1/binary}, reference §1.3): request parameters ({@code q}, {@code cb.q.*},
 * {@code cb.fq.*}, paging, sort, facets) in the query language over the binary fields, a page of binary documents
 * out; and the binary side of process-search joins ({@link #md5sMatching}). {@code lucene.binary.LuceneBinarySearch}
 * searches the Lucene binary index. Thread-safe.
 */
public interface BinarySearch {

    /** A page of binaries and what the envelope reports about the query. */
    record Outcome(
            long total,
            List<BinaryRecord> results,
            int start,
            List<String> terms,
            Map<String, List<FacetEntry>> facets,
            List<Map<String, Object>> highlights) {}

    /** The MD5s (upper-case) of the binaries a query matches, or the news that there are more than asked for. */
    record Md5Matches(Set<String> md5s, boolean overLimit) {}

    /**
     * @throws io.lampblack.server.search.query.QuerySyntaxException a malformed query
     * @throws io.lampblack.server.problem.InvalidInput               other bad parameters
     */
    Outcome search(Map<String, List<String>> params);

    /**
     * As {@link #search(Map)}, over the binaries observed on at least one sensor in scope only (totals and facet
     * counts included); the documents themselves are as stored, all sensors' sightings in them.
     */
    Outcome search(Map<String, List<String>> params, SensorScope sensors);

    /**
     * The binaries a (binary-field) query matches, at most {@code limit} of them; when more match, only
     * {@code overLimit} is reported, so the caller can refuse the join.
     *
     * @throws io.lampblack.server.search.query.QuerySyntaxException a clause the binary index cannot evaluate
     */
    Md5Matches md5sMatching(QueryNode node, int limit);
}
