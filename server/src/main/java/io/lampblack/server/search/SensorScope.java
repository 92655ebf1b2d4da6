package io.lampblack.server.search;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which sensors' data a search may return: every sensor (a caller who sees every group; no filter is added, so it
 * costs nothing), or exactly the sensors of the groups the caller may see. Sensor membership is the current one, so a
 * sensor moved to another group takes its data with it.
 */
public final class SensorScope {

    /** Every sensor, including sensors no longer registered. */
    public static final SensorScope EVERY = new SensorScope(null);

    private final Set<Integer> sensorIds;

    private SensorScope(Set<Integer> sensorIds) {
        this.sensorIds = sensorIds;
    }

    /** Exactly these sensors (none: the caller sees nothing). */
    public static SensorScope only(Collection<Integer> sensorIds) {
        return new SensorScope(Set.copyOf(sensorIds));
    }

    /** Whether nothing is to be filtered. */
    public boolean everything() {
        return sensorIds == null;
    }

    public boolean includes(long sensorId) {
        return sensorIds == null || (sensorId == (int) sensorId && sensorIds.contains((int) sensorId));
    }

    /** The sensors in scope; empty for {@link #EVERY}. */
    public Optional<Set<Integer>> sensorIds() {
        return Optional.ofNullable(sensorIds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SensorScope s && Objects.equals(sensorIds, s.sensorIds);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(sensorIds);
    }

    @Override
    public String toString() {
        return sensorIds == null ? "every sensor" : "sensors " + sensorIds;
    }
}
