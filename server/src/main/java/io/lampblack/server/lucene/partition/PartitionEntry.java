package io.lampblack.server.lucene.partition;

import java.util.OptionalLong;

/**
 * One partition as the catalogue remembers it. A warm or cold partition never changes after its roll, so its
 * counts and time ranges are recorded once and the listing reads no index files for it; the hot partition's are
 * read live and these fields stay empty for it.
 *
 * @param name        {@code writer} for the hot partition, {@code cbevents_YYYY_MM_DD_hhmm[_N]} once rolled
 * @param directory   the directory under the index root; it never changes, even when the partition is rolled
 * @param startMillis server time the partition was created (started collecting)
 * @param endMillis   server time it was rolled; empty while hot
 * @param userMounted whether an operator mounted it explicitly (Carbon Black's {@code userMounted})
 */
public record PartitionEntry(
        String name,
        String directory,
        long partitionId,
        PartitionStatus status,
        long startMillis,
        OptionalLong endMillis,
        DocumentTimes times,
        DocCounts counts,
        boolean userMounted) {

    public static final String HOT_NAME = "writer";

    static PartitionEntry hot(String directory, long partitionId, long startMillis) {
        return new PartitionEntry(
                HOT_NAME,
                directory,
                partitionId,
                PartitionStatus.HOT,
                startMillis,
                OptionalLong.empty(),
                DocumentTimes.NONE,
                DocCounts.EMPTY,
                false);
    }

    PartitionEntry rolled(String warmName, long rollMillis, DocumentTimes docTimes, DocCounts docCounts) {
        return new PartitionEntry(
                warmName,
                directory,
                partitionId,
                PartitionStatus.WARM,
                startMillis,
                OptionalLong.of(rollMillis),
                docTimes,
                docCounts,
                false);
    }

    PartitionEntry withStatus(PartitionStatus newStatus, boolean byUser) {
        return new PartitionEntry(
                name, directory, partitionId, newStatus, startMillis, endMillis, times, counts, byUser);
    }

    PartitionEntry restartedAt(long millis) {
        return new PartitionEntry(name, directory, partitionId, status, millis, endMillis, times, counts, userMounted);
    }

    boolean isHot() {
        return status == PartitionStatus.HOT;
    }
}
