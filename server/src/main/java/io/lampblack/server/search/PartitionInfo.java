package io.lampblack.server.search;

import java.util.Optional;

/**
 * One storage partition as listed by /api/v1/storage/events/partition.
 *
 * @param status      {@code hot}, {@code warm} or {@code cold}
 * @param endMillis   roll time; empty for the hot partition
 * @param sizeInBytes bytes of the files in its directory
 * @param userMounted whether an operator mounted it explicitly
 */
public record PartitionInfo(
        String name,
        String status,
        long partitionId,
        long startMillis,
        Optional<Long> endMillis,
        long sizeInBytes,
        int numDocs,
        int maxDoc,
        int deletedDocs,
        int segmentCount,
        String dir,
        boolean userMounted) {}
