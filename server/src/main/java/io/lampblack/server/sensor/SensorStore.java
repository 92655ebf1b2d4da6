package io.lampblack.server.sensor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of sensors, groups and pending sensor actions. */
public interface SensorStore {

    Sensor register(HostFacts facts, String secretSha256, Instant now);

    Optional<Sensor> find(int id);

    List<Sensor> all();

    Optional<SensorGroup> group(int id);

    List<SensorGroup> groups();

    /** Adds a group to site {@code siteId}; names are unique. */
    SensorGroup createGroup(String name, int siteId);

    void recordCheckin(int sensorId, Instant now);

    List<PendingAction> pendingActions(int sensorId);

    void acknowledge(int sensorId, List<Long> actionIds, Instant now);

    long queueAction(int sensorId, String type, String payloadJson, Instant now);
}
