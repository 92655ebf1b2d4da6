package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v2/sensor}: one page of sensors, how many matched, and the requested facets (field →
 * {@code [{name, value, percent, ratio}]}, as the other searches answer them).
 */
public record SensorSearchResult(
        @JsonProperty("results") List<SensorDocument> results,
        @JsonProperty("total_results") int totalResults,
        @JsonProperty("facets") Map<String, List<FacetValue>> facets) {

    /** @param percent the count as a percentage of the largest count; {@code ratio} its share of all */
    public record FacetValue(
            @JsonProperty("name") String name,
            @JsonProperty("value") int value,
            @JsonProperty("percent") double percent,
            @JsonProperty("ratio") double ratio) {}
}
