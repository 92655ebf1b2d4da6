package io.lampblack.server.sensor;

import io.lampblack.protocol.EventKind;

/**
 * Which kinds of events a sensor's group collects (the group's {@code collect_*} settings). Ingest drops the kinds a
 * sensor's group does not collect before they are journaled, and check-ins tell sensors not to send them.
 */
@FunctionalInterface
public interface CollectionSettings {

    boolean collects(int sensorId, EventKind kind);

    /** Every kind from every sensor (no group settings). */
    CollectionSettings EVERYTHING = (sensorId, kind) -> true;
}
