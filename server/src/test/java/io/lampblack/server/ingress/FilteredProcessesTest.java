package io.lampblack.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The memory of picked processes: one bound across sensors, least recently matched forgotten first, ends dropped. */
class FilteredProcessesTest {

    @Test
    void theBoundIsSharedBySensorsAndTheLeastRecentlyMatchedGoesFirst() {
        FilteredProcesses memory = new FilteredProcesses(3);
        FilteredProcesses.OfSensor a = memory.of(1);
        FilteredProcesses.OfSensor b = memory.of(2);
        a.pick("f", 10, 100, 0);
        a.pick("f", 11, 110, 0);
        b.pick("f", 10, 100, 0);
        assertNotNull(a.picks(10, 100), "touched: now the most recently matched");
        b.pick("f", 12, 120, 0);
        assertEquals(3, memory.size(), "one bound for all sensors");
        assertNull(a.picks(11, 110), "the least recently matched was forgotten");
        assertNotNull(a.picks(10, 100), "a long-lived process that keeps matching is kept");
        assertNotNull(b.picks(10, 100));
        assertNotNull(b.picks(12, 120));
    }

    @Test
    void anEndedProcessAndAForgottenFiltersPicksAreDropped() {
        FilteredProcesses memory = new FilteredProcesses(10);
        FilteredProcesses.OfSensor a = memory.of(1);
        a.pick("f", 10, 100, 0);
        a.pick("g", 10, 100, 2);
        a.pick("f", 11, 110, 0);
        assertEquals(Map.of("f", 0, "g", 2), a.picks(10, 100));
        a.ended(11, 110);
        assertNull(a.picks(11, 110));
        memory.forget("f");
        assertEquals(Map.of("g", 2), a.picks(10, 100));
        memory.forget("g");
        assertEquals(0, memory.size());
    }
}
