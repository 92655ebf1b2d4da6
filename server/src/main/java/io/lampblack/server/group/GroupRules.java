package io.lampblack.server.group;

import io.lampblack.protocol.EventKind;
import io.lampblack.server.sensor.CollectionSettings;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorRegistry;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A sensor's group's settings as they apply to that sensor: which event kinds it collects (the
 * {@link CollectionSettings} ingest asks), how often it checks in, whether it enforces bans. A sensor the registry
 * does not know, or whose group is gone, gets the server's defaults.
 */
public final class GroupRules implements CollectionSettings {

    private final SensorGroups groups;
    private final SensorRegistry sensors;

    public GroupRules(SensorGroups groups, SensorRegistry sensors) {
        this.groups = groups;
        this.sensors = sensors;
    }

    @Override
    public boolean collects(int sensorId, EventKind kind) {
        return sensors.sensor(sensorId)
                .map(s -> groups.collects(s.groupId(), kind))
                .orElse(true);
    }

    /** From the groups' cache: one sensor lookup and one group lookup. */
    @Override
    public boolean collectsEverything(int sensorId) {
        return sensors.sensor(sensorId)
                .map(s -> groups.collectsEverything(s.groupId()))
                .orElse(true);
    }

    /** The settings of the sensor's group. */
    public Optional<GroupConfig> groupOf(int sensorId) {
        return sensors.sensor(sensorId).map(Sensor::groupId).flatMap(groups::find);
    }

    /** The sensor's group's check-in interval; empty when the group leaves it to the server's setting. */
    public OptionalInt checkinSeconds(int sensorId) {
        int s = groupOf(sensorId).map(GroupConfig::checkinIntervalSeconds).orElse(0);
        return s > 0 ? OptionalInt.of(s) : OptionalInt.empty();
    }

    /** The group a sensor presenting this enrolment token registers into. */
    public Optional<Integer> enrolledGroup(String token) {
        return groups.enrolledGroup(token);
    }
}
