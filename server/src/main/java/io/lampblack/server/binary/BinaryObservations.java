package io.lampblack.server.binary;

import java.time.Instant;

/**
 * What the binary catalog and store report as they learn about binaries: the sources of Carbon Black's
 * {@code binaryinfo.observed}, {@code binaryinfo.host.observed}, {@code binaryinfo.group.observed} and
 * {@code binarystore.file.added} notifications (the message bus subscribes here).
 *
 * <p>Callbacks run on the catalog's flush thread (or the uploading request's thread for {@link #fileAdded}), after
 * the change is searchable and before it is committed: after a crash, replayed uploads may report a "first seen"
 * again (at least once, never lost). They must not block for long; exceptions are logged and ignored. Every method
 * does nothing by default.
 */
public interface BinaryObservations {

    BinaryObservations NONE = new BinaryObservations() {
    };

    /** The binary was observed for the first time on any endpoint. */
    default void firstSeen(String md5, Instant when) {
    }

    /** The binary was observed for the first time on this sensor. */
    default void firstSeenOnSensor(String md5, SensorSighting sensor, Instant when) {
    }

    /** The binary was observed for the first time in this sensor group. */
    default void firstSeenInGroup(String md5, String group, Instant when) {
    }

    /** A sensor uploaded the binary's file and it is now in the store. */
    default void fileAdded(StoredBinary file) {
    }
}
