package io.lampblack.server.search;

import io.lampblack.server.search.query.QueryNode;
import java.util.List;
import java.util.Optional;

/**
 * A process search as the index sees it: the parsed query, how to evaluate it, the time window, the sort, the page
 * and the facets wanted.
 *
 * @param sortField      empty for Carbon Black's default order, last_update descending
 * @param rows           0 = count (and facets) only
 * @param evaluation     per segment, per process, or per process only when the query needs it (6.x default)
 * @param groupByProcess {@code cb.group=id}: one row per process, the first of its segments in sort order
 * @param window         the request's time window ({@code cb.min/max_last_update}, {@code cb.min/max_last_server_update})
 * @param facetFields    facet fields to count; empty = no facets
 * @param sensors        the sensors whose segments the caller may see ({@link SensorScope#EVERY}: no filter)
 */
public record ProcessQuery(
        QueryNode query,
        Optional<String> sortField,
        boolean descending,
        int start,
        int rows,
        Evaluation evaluation,
        boolean groupByProcess,
        PartitionFilter window,
        List<String> facetFields,
        SensorScope sensors) {

    /** How boolean clauses combine across the segments of one process (reference §4). */
    public enum Evaluation {
        /** Per process when the query has AND or NOT (Carbon Black 6.x). */
        AUTOMATIC,
        /** Per process always ({@code cb.comprehensive_search=true}). */
        COMPREHENSIVE,
        /** Per segment always ({@code cb.legacy_5x_mode=true}). */
        PER_SEGMENT
    }

    public ProcessQuery {
        facetFields = List.copyOf(facetFields);
    }

    /** A plain page of a query, evaluated the 6.x way, with no window, grouping or facets. */
    public ProcessQuery(QueryNode query, Optional<String> sortField, boolean descending, int start, int rows) {
        this(
                query,
                sortField,
                descending,
                start,
                rows,
                Evaluation.AUTOMATIC,
                false,
                PartitionFilter.ALL,
                List.of(),
                SensorScope.EVERY);
    }
}
