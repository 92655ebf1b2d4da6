package io.lampblack.server.binary;

import java.util.List;

/**
 * The outcome of merging new observations into a binary's document: the new state and what was new about it,
 * which is what the {@link BinaryObservations} callbacks report.
 *
 * @param changed    whether the document differs from what was stored (otherwise it is not rewritten)
 * @param firstSeen  the binary was not in the index before
 * @param newSensors sensors the binary was observed on for the first time
 * @param newGroups  sensor groups it was observed in for the first time
 * @param when       server receipt time (epoch ms) of the earliest observation merged
 */
public record BinaryChange(
        BinaryRecord record,
        boolean changed,
        boolean firstSeen,
        List<SensorSighting> newSensors,
        List<String> newGroups,
        long when) {

    public BinaryChange {
        newSensors = List.copyOf(newSensors);
        newGroups = List.copyOf(newGroups);
    }
}
