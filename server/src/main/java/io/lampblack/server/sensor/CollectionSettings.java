package io.lampblack.server.sensor;

import io.lampblack.protocol.EventKind;

/**
 * Which kinds of events a sensor's group collects (the group's {@code collect_*} settings). Ingest drops the kinds a
 * sensor's group does not collect before they are journaled, and check-ins tell sensors not to send them.
 */
@FunctionalInterface
public interface CollectionSettings {

    boolean collects(int sensorId, EventKind kind);

    /**
     * Whether the sensor's group collects every kind, so intake need not look at the kinds of its events at all:
     * asked once per upload. Implementations with a cache should answer from it.
     */
    default boolean collectsEverything(int sensorId) {
        for (EventKind k : EventKind.values()) if (!collects(sensorId, k)) return false;
        return true;
    }

    /** Every kind from every sensor (no group settings). */
    CollectionSettings EVERYTHING = new CollectionSettings() {
        @Override
        public boolean collects(int sensorId, EventKind kind) {
            return true;
        }

        @Override
        public boolean collectsEverything(int sensorId) {
            return true;
        }
    };
}
