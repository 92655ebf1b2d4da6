package io.lampblack.server.api;

import io.lampblack.protocol.ProcessGuid;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.search.SensorScope;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorRegistry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What of the sensors' data a caller may see, from their visible groups and the sensors' current groups: the
 * {@link SensorScope} searches filter by, the group a sensor's objects belong to (for group-scoped routes), and the
 * envelope's {@code filtered} note.
 */
public final class CallerScope {

    /**
     * The group of data whose sensor is no longer registered: no group, so only a caller who sees every group (a
     * global administrator) sees it; everyone else gets the 404 of an object that does not exist.
     */
    static final int NO_GROUP = -1;

    private final SensorRegistry sensors;

    public CallerScope(SensorRegistry sensors) {
        this.sensors = sensors;
    }

    /** The sensors the caller may see data of; {@link SensorScope#EVERY} (no filter) for one who sees every group. */
    public SensorScope sensors(Caller caller) {
        return caller.visibleGroups()
                .map(groups -> SensorScope.only(sensors.sensorIdsIn(groups)))
                .orElse(SensorScope.EVERY);
    }

    /** The group a sensor is in now ({@link #NO_GROUP} for a sensor the server no longer knows). */
    public int groupOfSensor(long sensorId) {
        if (sensorId != (int) sensorId) return NO_GROUP;
        return sensors.sensor((int) sensorId).map(Sensor::groupId).orElse(NO_GROUP);
    }

    /**
     * The group of the process named by the {@code guid} path parameter (its sensor's group); empty when the text is
     * no process GUID, so that the handler answers its 404.
     */
    public Optional<Integer> groupOfProcess(Exchange ex) {
        try {
            return Optional.of(
                    groupOfSensor(ProcessGuid.parse(ex.pathParam("guid")).sensorId()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The envelope's {@code filtered}: empty when nothing was filtered (the caller sees every group), else that the
     * results were limited to the sensors of the groups named. It says nothing of what was left out (not even
     * whether anything matched there), so that it reveals nothing of the groups the caller may not see.
     */
    public static Map<String, Object> filtered(Caller caller) {
        return caller.visibleGroups()
                .<Map<String, Object>>map(groups -> {
                    // Keys in a fixed order, groups ascending: the same answer for the same caller every time.
                    Map<String, Object> note = new LinkedHashMap<>();
                    note.put("reason", "sensor_group_access");
                    note.put("sensor_groups", List.copyOf(new TreeSet<>(groups)));
                    return note;
                })
                .orElse(Map.of());
    }

    /** The names of the groups the caller may see; empty when they see every group (nothing to filter). */
    Optional<Set<String>> groupNames(Caller caller) {
        return caller.visibleGroups().map(groups -> {
            Set<String> names = new HashSet<>();
            groups.forEach(g -> sensors.group(g).ifPresent(x -> names.add(x.name())));
            return names;
        });
    }

    /** The hostnames of the sensors in scope; empty when the scope is every sensor (nothing to filter). */
    Optional<Set<String>> hostnames(SensorScope scope) {
        return scope.sensorIds().map(ids -> {
            Set<String> names = new HashSet<>();
            ids.forEach(id -> sensors.sensor(id).ifPresent(s -> names.add(s.hostname())));
            return names;
        });
    }
}
