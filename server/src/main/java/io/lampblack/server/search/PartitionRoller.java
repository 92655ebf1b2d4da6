package io.lampblack.server.search;

import java.util.Optional;

/**
 * Rolls the hot partition at a point where the index holds exactly the journal up to a position (the ingest
 * pipeline holds indexing still for it). {@code evenIfEmpty} false lets an empty hot partition restart its period
 * instead of rolling.
 */
@FunctionalInterface
public interface PartitionRoller {

    /** @return the partition just rolled, if one was */
    Optional<PartitionInfo> roll(boolean evenIfEmpty);
}
