package io.lampblack.server.search;

import java.util.List;
import java.util.Map;

/**
 * A page of segments and what the envelope reports about it.
 *
 * @param total         matching segments, or matching processes when grouped by process
 * @param comprehensive whether the query was evaluated per process
 * @param facets        facet field → entries ({@code name}, {@code value}, {@code percent}, {@code ratio})
 * @param highlights    {@code name} (a value with its match wrapped) and {@code ids} (rows holding it)
 */
public record ProcessResults(
        long total,
        List<ProcessHit> hits,
        boolean comprehensive,
        Map<String, List<Map<String, Object>>> facets,
        List<Map<String, Object>> highlights) {

    public ProcessResults(long total, List<ProcessHit> hits) {
        this(total, hits, false, Map.of(), List.of());
    }
}
