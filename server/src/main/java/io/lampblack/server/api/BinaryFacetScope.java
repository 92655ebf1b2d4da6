package io.lampblack.server.api;

import io.lampblack.server.binary.SensorSighting;
import io.lampblack.server.search.SensorScope;
import io.lampblack.server.search.facet.FacetEntry;
import io.lampblack.server.search.schema.BinarySchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Binary facets as a caller who sees only some sensors may see them. The counts are already those of the binaries
 * they may see; what remains are the entries that name a host or group: {@code endpoint}, {@code hostname} and
 * {@code group} entries of other sensors are left out (a binary seen on a visible and an invisible host would
 * otherwise name the invisible one), and the remaining entries' percent and ratio are recomputed among themselves.
 */
final class BinaryFacetScope {

    private final SensorScope sensors;
    private final Set<String> hostnames;
    private final Set<String> groups;

    /** @param hostnames, groups those of the visible sensors; empty when the caller sees every group */
    BinaryFacetScope(SensorScope sensors, Optional<Set<String>> hostnames, Optional<Set<String>> groups) {
        this.sensors = sensors;
        this.hostnames = folded(hostnames.orElse(Set.of()));
        this.groups = folded(groups.orElse(Set.of()));
    }

    Map<String, List<FacetEntry>> apply(Map<String, List<FacetEntry>> facets) {
        if (sensors.everything()) return facets;
        Map<String, List<FacetEntry>> out = new LinkedHashMap<>();
        facets.forEach((field, entries) -> out.put(field, keep(entries, visibleValue(field))));
        return out;
    }

    /** Which entries of a facet field the caller may see; null for a field that names no host or group. */
    private Predicate<String> visibleValue(String field) {
        return switch (field) {
            case BinarySchema.ENDPOINT -> v -> sensors.includes(SensorSighting.sensorIdOf(v));
            case BinarySchema.HOSTNAME -> v -> hostnames.contains(fold(v));
            case BinarySchema.GROUP -> v -> groups.contains(fold(v));
            default -> null;
        };
    }

    private static List<FacetEntry> keep(List<FacetEntry> entries, Predicate<String> visible) {
        if (visible == null) return entries;
        List<FacetEntry> kept = entries.stream()
                .filter(e -> visible.test(String.valueOf(e.name())))
                .toList();
        long max = kept.stream().mapToLong(FacetEntry::value).max().orElse(0);
        long sum = kept.stream().mapToLong(FacetEntry::value).sum();
        return kept.stream()
                .map(e -> FacetEntry.of(e.name(), e.value(), max, sum))
                .toList();
    }

    private static Set<String> folded(Set<String> values) {
        return values.stream().map(BinaryFacetScope::fold).collect(Collectors.toSet());
    }

    private static String fold(String v) {
        return v.strip().toLowerCase(Locale.ROOT);
    }
}
