package io.lampblack.server.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.search.facet.FacetEntry;
import java.util.List;
import java.util.Map;

/**
 * One page of a record search (alerts, threat reports): the records as their API JSON, and what the envelope reports
 * about the query.
 *
 * @param total  records matching the query
 * @param start  the offset of the first record of the page
 * @param terms  the query's clauses in query syntax
 * @param facets facet field → entries, for {@code facet=true}
 */
public record RecordPage(
        long total, int start, List<ObjectNode> results, List<String> terms, Map<String, List<FacetEntry>> facets) {

    /** Most rows one request may ask for. */
    public static final int MAX_ROWS = 10_000;
}
