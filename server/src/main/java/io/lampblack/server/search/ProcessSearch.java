package io.lampblack.server.search;

import io.lampblack.server.search.query.QuerySyntaxException;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Process search: request parameters → query → page of segments. */
public final class ProcessSearch {

    /** A page of results and what the envelope reports about the query. */
    public record Outcome(ProcessResults results, int start, List<String> terms, Map<String, Object> facets,
                          boolean comprehensive) {
    }

    private final LuceneProcessIndex index;

    public ProcessSearch(LuceneProcessIndex index, Clock clock, boolean allowLeadingWildcards) {
        this.index = index;
    }

    public Outcome search(Map<String, List<String>> params) {
        String q = String.join(" ", params.getOrDefault("q", List.of())).trim();
        if (!q.isEmpty()) throw new QuerySyntaxException("query language not wired yet");
        int start = intParam(params, "start", 0);
        int rows = intParam(params, "rows", 10);
        Query query = new MatchAllDocsQuery();
        return new Outcome(index.search(query, LuceneProcessIndex.defaultSort(), start, rows), start, List.of(), Map.of(), true);
    }

    static int intParam(Map<String, List<String>> params, String name, int def) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty() || v.getFirst().isBlank()) return def;
        try {
            int n = Integer.parseInt(v.getFirst().trim());
            if (n < 0) throw new IllegalArgumentException("parameter '" + name + "' must not be negative");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' must be an integer");
        }
    }
}
