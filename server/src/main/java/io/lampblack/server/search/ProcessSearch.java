package io.lampblack.server.search;

import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QueryParser;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.query.QueryTerms;
import io.lampblack.server.search.query.RequestParameters;
import io.lampblack.server.search.query.SearchParameters;
import io.lampblack.server.search.query.SortOrder;
import io.lampblack.server.search.schema.ProcessSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Process search: request parameters (q, cb.q.*, cb.fq.*, start, rows, sort) → query AST → the index → a page of
 * segments, with Carbon Black's evaluation switches ({@code cb.comprehensive_search}, {@code cb.legacy_5x_mode}),
 * grouping ({@code cb.group=id}), time windows ({@code cb.min/max_last_update}, {@code cb.min/max_last_server_update})
 * and facets.
 */
public final class ProcessSearch {

    /** Carbon Black's ceiling on one page. */
    static final int MAX_ROWS = 10_000;

    /** A page of results and what the envelope reports about the query. */
    public record Outcome(
            ProcessResults results,
            int start,
            List<String> terms,
            Map<String, List<Map<String, Object>>> facets,
            boolean comprehensive) {

        public List<Map<String, Object>> highlights() {
            return results.highlights();
        }
    }

    private final ProcessIndex index;
    private final QueryParser parser = new QueryParser(ProcessSchema.INSTANCE);

    /**
     * Whether matching each segment alone finds exactly the processes the query matches as a whole (no AND or NOT
     * combining clauses that different segments of one process may satisfy): then a per-segment matcher that saw every
     * segment has seen every answer.
     */
    public static boolean perSegmentSuffices(io.lampblack.server.search.query.QueryNode node) {
        return !ComprehensiveRules.needsJoin(node);
    }

    public ProcessSearch(ProcessIndex index) {
        this.index = index;
    }

    /**
     * @throws QuerySyntaxException                    for a malformed query
     * @throws io.lampblack.server.problem.InvalidInput for other bad parameters
     */
    public Outcome search(Map<String, List<String>> params) {
        return search(params, SensorScope.EVERY);
    }

    /**
     * A search over the segments of the sensors in {@code sensors} only: rows, totals and facet counts are those of
     * what the caller may see.
     *
     * @throws QuerySyntaxException                    for a malformed query
     * @throws io.lampblack.server.problem.InvalidInput for other bad parameters
     */
    public Outcome search(Map<String, List<String>> params, SensorScope sensors) {
        int start = RequestParameters.nonNegativeInt(params, "start", 0);
        int rows = Math.min(MAX_ROWS, RequestParameters.nonNegativeInt(params, "rows", 10));
        QueryNode node = SearchParameters.from(params).toQuery(parser);
        Optional<SortOrder> sort = SortOrder.parse(RequestParameters.first(params, "sort"));
        Optional<String> sortField = sort.map(SortOrder::field);
        boolean descending = sort.map(SortOrder::descending).orElse(true);
        ProcessQuery.Evaluation evaluation = RequestParameters.flag(params, "cb.legacy_5x_mode")
                ? ProcessQuery.Evaluation.PER_SEGMENT
                : RequestParameters.flag(params, "cb.comprehensive_search")
                                || RequestParameters.flag(params, "comprehensive_search")
                        ? ProcessQuery.Evaluation.COMPREHENSIVE
                        : ProcessQuery.Evaluation.AUTOMATIC;
        String group = RequestParameters.first(params, "cb.group");
        boolean byProcess = group != null && !group.isBlank();
        if (byProcess && !group.trim().equalsIgnoreCase("id")) {
            throw RequestParameters.invalid("cb.group supports only 'id' (one row per process)");
        }
        PartitionFilter window = new PartitionFilter(
                time(params, "cb.min_last_server_update", Long.MIN_VALUE),
                endOfDayIfDate(params, "cb.max_last_server_update"),
                time(params, "cb.min_last_update", Long.MIN_VALUE),
                endOfDayIfDate(params, "cb.max_last_update"));
        List<String> facetFields = facetFields(params);
        ProcessResults results = index.search(new ProcessQuery(
                node, sortField, descending, start, rows, evaluation, byProcess, window, facetFields, sensors));
        return new Outcome(results, start, QueryTerms.of(node), results.facets(), results.comprehensive());
    }

    /** {@code facet=true} (possibly repeated) with the {@code facet.field} list, or every process facet field. */
    private static List<String> facetFields(Map<String, List<String>> params) {
        if (!RequestParameters.flag(params, "facet")) return List.of();
        List<String> asked = new ArrayList<>();
        for (String f : params.getOrDefault("facet.field", List.of())) {
            for (String part : f.split(","))
                if (!part.isBlank()) asked.add(part.trim().toLowerCase(Locale.ROOT));
        }
        return asked.isEmpty() ? DEFAULT_FACETS : asked;
    }

    /** The process facet fields of reference §5, computed when {@code facet=true} names none. */
    static final List<String> DEFAULT_FACETS = List.of(
            "process_md5",
            "hostname",
            "group",
            "path_full",
            "parent_name",
            "process_name",
            "host_type",
            "username_full",
            "hour_of_day",
            "day_of_week",
            "start");

    /** An upper window bound; a bare date includes that whole day, as date-only upper bounds do in queries. */
    static long endOfDayIfDate(Map<String, List<String>> params, String name) {
        String v = RequestParameters.first(params, name);
        long t = time(params, name, Long.MAX_VALUE);
        return v != null && v.trim().length() == 10 ? t + 86_399_999L : t;
    }

    /** A window bound: UTC {@code YYYY-MM-DDThh:mm:ss[.fff]Z} (the documented form), or a date, or epoch ms. */
    static long time(Map<String, List<String>> params, String name, long open) {
        String v = RequestParameters.first(params, name);
        if (v == null || v.isBlank()) return open;
        String t = v.trim();
        try {
            if (t.chars().allMatch(Character::isDigit)) return Long.parseLong(t);
            if (t.length() == 10)
                return java.time.LocalDate.parse(t)
                        .atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant()
                        .toEpochMilli();
            if (!t.endsWith("Z") && !t.matches(".*[+-]\\d\\d:\\d\\d$")) t = t + "Z";
            return java.time.OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            throw RequestParameters.invalid("parameter '" + name + "' must be a UTC time like 2016-12-01T00:00:00Z");
        }
    }
}
