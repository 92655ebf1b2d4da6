package io.lampblack.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.sensor.SensorProtocol.IngressFilterList;
import io.lampblack.server.problem.InvalidInput;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorFacts;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The check-in list of sensor-side filters: versioned by its content, built once until the filters change. */
class IngressFiltersTest {

    private final MemoryFilterStore store = new MemoryFilterStore();
    private final IngressFilters filters = new IngressFilters(store, Clock.systemUTC());

    static IngressFilter.Spec onSensor(List<String> paths, List<Integer> sensorIds) {
        return new IngressFilter.Spec(
                "n",
                "d",
                0,
                false,
                true,
                true,
                false,
                false,
                IngressFilter.OS_ALL,
                sensorIds.isEmpty(),
                List.of(),
                sensorIds,
                paths,
                List.of(),
                List.of(),
                0,
                true,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of());
    }

    static Sensor sensor(int id, int groupId) {
        return new Sensor(
                id,
                groupId,
                "host" + id,
                "host" + id,
                "windows",
                "workstation",
                "",
                "",
                "6.2",
                "",
                Instant.EPOCH,
                Optional.empty(),
                false,
                false,
                false,
                "",
                false,
                false,
                Optional.empty(),
                "",
                SensorFacts.NONE);
    }

    @Test
    void aListLongerThanItsColumnIsRefusedNamingTheField() {
        List<String> paths = java.util.Collections.nCopies(100, "a".repeat(1000));
        InvalidInput e = assertThrows(
                InvalidInput.class, () -> filters.create(Optional.empty(), onSensor(paths, List.of()), "admin"));
        assertTrue(e.getMessage().contains("path_filters"), e.getMessage());
        List<Integer> ids =
                java.util.stream.IntStream.range(1_000_000, 1_010_000).boxed().toList();
        InvalidInput manyIds = assertThrows(
                InvalidInput.class, () -> filters.create(Optional.empty(), onSensor(List.of("x"), ids), "admin"));
        assertTrue(manyIds.getMessage().contains("sensor_ids"), manyIds.getMessage());
        filters.create(Optional.empty(), onSensor(paths.subList(0, 65), List.of()), "admin");
    }

    @Test
    void theVersionIsTheContentSoADeletedAndRecreatedFilterIsSentAgain() {
        Sensor s = sensor(1, 1);
        assertEquals("", filters.checkinList(s).version(), "no filter, no version");
        filters.create(Optional.of("a"), onSensor(List.of("*\\a.exe"), List.of()), "admin");
        IngressFilterList first = filters.checkinList(s);
        assertEquals(1, first.filters().size());
        filters.delete("a");
        assertEquals("", filters.checkinList(s).version());
        filters.create(Optional.of("a"), onSensor(List.of("*\\b.exe"), List.of()), "admin");
        IngressFilterList second = filters.checkinList(s);
        assertNotEquals(first.version(), second.version(), "same id and version 1, other content");
        filters.update("a", onSensor(List.of("*\\a.exe"), List.of()), "admin");
        assertEquals(first.version(), filters.checkinList(s).version(), "the same content, the same version");
    }

    @Test
    void theListIsBuiltOncePerGroupUntilTheFiltersChange() {
        filters.create(Optional.of("a"), onSensor(List.of("*\\a.exe"), List.of()), "admin");
        filters.create(Optional.of("b"), onSensor(List.of("*\\b.exe"), List.of(3)), "admin");
        IngressFilterList one = filters.checkinList(sensor(1, 1));
        assertSame(one, filters.checkinList(sensor(2, 1)), "another sensor of the group, not named by a filter");
        assertEquals(1, one.filters().size());
        IngressFilterList named = filters.checkinList(sensor(3, 1));
        assertEquals(2, named.filters().size(), "a sensor a filter names gets its own list");
        assertSame(named, filters.checkinList(sensor(3, 1)));
        filters.delete("b");
        assertEquals(one.version(), filters.checkinList(sensor(3, 1)).version());
    }
}
