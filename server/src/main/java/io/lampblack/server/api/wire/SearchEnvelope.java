package io.lampblack.server.api.wire;

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
 */
public record SearchEnvelope(
        @JsonProperty("results") List<?> results,
        @JsonProperty("total_results") long totalResults,
        @JsonProperty("start") int start,
        @JsonProperty("elapsed") double elapsed,
        @JsonProperty("terms") List<String> terms,
        @JsonProperty("highlights") List<? extends Map<String, Object>> highlights,
        @JsonProperty("facets") Map<String, ? extends List<? extends Map<String, Object>>> facets,
        @JsonUnwrapped ProcessKeys process) {

    /**
     * {@code tagged_pids} and {@code filtered} (always empty here), whether the query was evaluated per process
     * ({@code comprehensive_search}), and that every segment was searched and the results are complete.
     */
    public record ProcessKeys(
            @JsonProperty("tagged_pids") Map<String, Object> taggedPids,
            @JsonProperty("filtered") Map<String, Object> filtered,
            @JsonProperty("comprehensive_search") boolean comprehensiveSearch,
            @JsonProperty("all_segments") boolean allSegments,
            @JsonProperty("incomplete_results") boolean incompleteResults) {

        public static ProcessKeys of(boolean comprehensive) {
            return new ProcessKeys(Map.of(), Map.of(), comprehensive, true, false);
        }
    }
}
