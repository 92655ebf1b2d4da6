package io.lampblack.server.search;

import java.util.List;
import java.util.Optional;

/**
 * The process index's storage partitions by role: the hot partition {@code writer} that new segments go to, rolled
 * warm partitions that searches include, and cold ones kept on disk but not searched. Partitions follow the server
 * clock: the hot partition rolls every few days and on request, and retention deletes rolled partitions by age and
 * by total size.
 */
public interface StoragePartitions {

    /** Every partition, the hot one first, then the rolled ones newest first. */
    List<PartitionInfo> list();

    /**
     * Commits the hot partition at {@code journalPosition} and rolls it into a new warm partition, unless it is empty
     * and {@code evenIfEmpty} is false (then only its period restarts). The caller must hold indexing still so
     * that the hot partition holds exactly the journal before {@code journalPosition} (see
     * {@code IngestPipeline.rollPartition}): that is what keeps journal replay out of warm partitions.
     *
     * @return the partition just rolled, if one was
     */
    Optional<PartitionInfo> roll(long journalPosition, boolean evenIfEmpty);

    /** Whether the hot partition is old enough to roll by the server clock. */
    boolean rollDue();

    /** Makes a rolled partition searchable again. @throws PartitionException unknown name */
    PartitionInfo mount(String name);

    /** Takes a rolled partition out of searches, keeping it on disk. @throws PartitionException unknown or hot */
    PartitionInfo unmount(String name);

    /** Deletes a rolled partition and its files. @throws PartitionException unknown or hot */
    void delete(String name);

    /** Deletes what the retention settings say must go; returns the names deleted. */
    List<String> applyRetention();
}
