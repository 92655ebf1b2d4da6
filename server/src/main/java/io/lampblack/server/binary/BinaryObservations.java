package io.lampblack.server.binary;

import java.time.Instant;
import java.util.List;

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

    BinaryObservations NONE = new BinaryObservations() {};

    /**
     * One flush's changes, in order. By default each is reported through the three methods below; an observer that
     * looks something up per binary overrides this to look them all up at once.
     */
    default void observed(List<BinaryChange> changes) {
        for (BinaryChange c : changes) {
            Instant when = Instant.ofEpochMilli(c.when());
            String md5 = c.record().md5();
            if (c.firstSeen()) firstSeen(md5, when);
            for (SensorSighting s : c.newSensors()) firstSeenOnSensor(md5, s, when);
            for (String group : c.newGroups()) firstSeenInGroup(md5, group, when);
        }
    }

    /** The binary was observed for the first time on any endpoint. */
    default void firstSeen(String md5, Instant when) {}

    /** The binary was observed for the first time on this sensor. */
    default void firstSeenOnSensor(String md5, SensorSighting sensor, Instant when) {}

    /** The binary was observed for the first time in this sensor group. */
    default void firstSeenInGroup(String md5, String group, Instant when) {}

    /** A sensor uploaded the binary's file and it is now in the store. */
    default void fileAdded(StoredBinary file) {}
}
