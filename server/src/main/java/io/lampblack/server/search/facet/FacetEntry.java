package io.lampblack.server.search.facet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One facet value as clients read it (reference §5): {@code percent} = count × 100 / the largest count, rounded
 * (the top entry is 100, clients draw bars from it); {@code ratio} = count × 100 / the sum of all counts, rounded to
 * one decimal (clients print it with a {@code %}).
 *
 * @param name a string for keyword facets and date buckets (ISO-8601 UTC), a number for numeric facets
 */
public record FacetEntry(Object name, long value, long percent, double ratio) {

    public FacetEntry {
        Objects.requireNonNull(name, "name");
    }

    public static FacetEntry of(Object name, long count, long maxCount, long sumCounts) {
        long percent = maxCount == 0 ? 0 : Math.round(count * 100.0 / maxCount);
        double ratio = sumCounts == 0 ? 0.0 : Math.round(count * 1000.0 / sumCounts) / 10.0;
        return new FacetEntry(name, count, percent, ratio);
    }

    /** The JSON object, keys in the order Carbon Black sends them. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("value", value);
        m.put("percent", percent);
        m.put("ratio", ratio);
        return m;
    }
}
