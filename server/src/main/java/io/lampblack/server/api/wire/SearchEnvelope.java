package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

/**
 * The search and paging envelope (reference §1.3) of process and binary search: cbapi pages by {@code start} and
 * {@code total_results} and reads {@code facets} (field → {@code [{name, value, percent, ratio}]}).
 *
 * @param results    one document per row: for process search the stored segment documents, written through as
 *                   {@link io.lampblack.server.json.RawJson} (never parsed on the way out), for binary search the
 *                   binary documents
 * @param highlights {@code [{name, ids}]}: a matched value wrapped in {@code PREPREPRE...POSTPOSTPOST}, and the rows
 *                   holding it
 * @param process    the keys only process search has (6.x), after the others; null for other searches, which then
 *                   have none of them
 * @param filtered   binary and alert search: what the results were limited to when the caller does not see every
 *                   sensor group, absent otherwise (process search says it in {@link ProcessKeys#filtered})
 */
public record SearchEnvelope(
        @JsonProperty("results") List<?> results,
        @JsonProperty("total_results") long totalResults,
        @JsonProperty("start") int start,
        @JsonProperty("elapsed") double elapsed,
        @JsonProperty("terms") List<String> terms,
        @JsonProperty("highlights") List<? extends Map<String, Object>> highlights,
        @JsonProperty("facets") Map<String, ? extends List<? extends Map<String, Object>>> facets,
        @JsonUnwrapped @MayBeNull ProcessKeys process,

        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("filtered") @MayBeNull
        Map<String, Object> filtered) {

    /** An envelope that says nothing of filtering beside the process keys (a caller who sees everything). */
    public SearchEnvelope(
            List<?> results,
            long totalResults,
            int start,
            double elapsed,
            List<String> terms,
            List<? extends Map<String, Object>> highlights,
            Map<String, ? extends List<? extends Map<String, Object>>> facets,
            ProcessKeys process) {
        this(results, totalResults, start, elapsed, terms, highlights, facets, process, null);
    }

    /**
     * {@code tagged_pids} (always empty here) and {@code filtered} (empty unless the caller's sensor groups limited the
     * search), whether the query was evaluated per process
     * ({@code comprehensive_search}), and that every segment was searched and the results are complete.
     */
    public record ProcessKeys(
            @JsonProperty("tagged_pids") Map<String, Object> taggedPids,
            @JsonProperty("filtered") Map<String, Object> filtered,
            @JsonProperty("comprehensive_search") boolean comprehensiveSearch,
            @JsonProperty("all_segments") boolean allSegments,
            @JsonProperty("incomplete_results") boolean incompleteResults) {

        public static ProcessKeys of(boolean comprehensive) {
            return of(comprehensive, Map.of());
        }

        public static ProcessKeys of(boolean comprehensive, Map<String, Object> filtered) {
            return new ProcessKeys(Map.of(), filtered, comprehensive, true, false);
        }
    }
}
