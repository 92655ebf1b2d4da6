package io.lampblack.server.search;

import java.util.Optional;

/** One storage partition as listed by /api/v1/storage/events/partition. */
public record PartitionInfo(String name, String status, long partitionId, long startMillis, Optional<Long> endMillis,
                            long sizeInBytes, int numDocs, int maxDoc, int deletedDocs, int segmentCount, String dir) {
}
