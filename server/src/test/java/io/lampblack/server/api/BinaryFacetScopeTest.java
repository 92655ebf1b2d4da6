package io.lampblack.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lampblack.server.search.SensorScope;
import io.lampblack.server.search.facet.FacetEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BinaryFacetScopeTest {

    private static final Map<String, List<FacetEntry>> FACETS = Map.of(
            "endpoint",
            List.of(FacetEntry.of("HOST-A|1", 6, 6, 9), FacetEntry.of("HOST-B|2", 3, 6, 9)),
            "hostname",
            List.of(FacetEntry.of("host-a", 6, 6, 9), FacetEntry.of("host-b", 3, 6, 9)),
            "group",
            List.of(FacetEntry.of("default group", 6, 6, 9), FacetEntry.of("servers", 3, 6, 9)),
            "digsig_result",
            List.of(FacetEntry.of("signed", 4, 4, 5), FacetEntry.of("unsigned", 1, 4, 5)));

    @Test
    void aCallerWhoSeesEverythingGetsTheFacetsAsCounted() {
        assertSame(FACETS, new BinaryFacetScope(SensorScope.EVERY, Optional.empty(), Optional.empty()).apply(FACETS));
    }

    @Test
    void entriesNamingInvisibleHostsAndGroupsAreLeftOutAndTheRestRescaled() {
        Map<String, List<FacetEntry>> seen = new BinaryFacetScope(
                        SensorScope.only(Set.of(2)), Optional.of(Set.of("HOST-B")), Optional.of(Set.of("Servers")))
                .apply(FACETS);
        FacetEntry alone = new FacetEntry("HOST-B|2", 3, 100, 100.0);
        assertEquals(List.of(alone), seen.get("endpoint"));
        assertEquals(List.of(new FacetEntry("host-b", 3, 100, 100.0)), seen.get("hostname"));
        assertEquals(List.of(new FacetEntry("servers", 3, 100, 100.0)), seen.get("group"));
        // A facet that names no host is the caller's own count already.
        assertEquals(FACETS.get("digsig_result"), seen.get("digsig_result"));
    }

    @Test
    void noAccessKeepsNoHostEntry() {
        Map<String, List<FacetEntry>> seen = new BinaryFacetScope(
                        SensorScope.only(Set.of()), Optional.of(Set.of()), Optional.of(Set.of()))
                .apply(FACETS);
        assertEquals(List.of(), seen.get("endpoint"));
        assertEquals(List.of(), seen.get("hostname"));
        assertEquals(List.of(), seen.get("group"));
    }
}
