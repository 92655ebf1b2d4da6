package io.lampblack.server.sensor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of sensors, groups and sensor actions. */
public interface SensorStore {

    Sensor register(HostFacts facts, String secretSha256, Instant now);

    Optional<Sensor> find(int id);

    List<Sensor> all();

    Optional<SensorGroup> group(int id);

    List<SensorGroup> groups();

    /** Adds a group to site {@code siteId}; names are unique. */
    SensorGroup createGroup(String name, int siteId);

    /** The actions no sensor has reported on yet, oldest first (read once, at start). */
    List<PendingAction> allPendingActions();

    /** The last check-in time and reported facts of each sensor, in one batch. */
    void saveCheckins(List<Sensor> sensors);

    /**
     * In one transaction: the sensor's requested and confirmed states, group and notes, the actions that ended, and
     * new actions.
     *
     * @param queued actions to add (their ids are ignored)
     * @return the added actions with their ids
     */
    List<PendingAction> saveChange(Sensor sensor, List<ActionEnd> ended, List<PendingAction> queued, Instant now);

    /** The sensor's actions, newest first, at most {@code limit}. */
    List<ActionRecord> actions(int sensorId, int limit);

    /** How an action ended: {@code applied}, {@code failed} or {@code withdrawn}. */
    record ActionEnd(long id, String outcome, String message) {}
}
