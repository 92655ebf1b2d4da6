package io.lampblack.server.lucene.partition;

import io.lampblack.server.search.PartitionPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides which rolled partitions retention deletes, from their entries and sizes: first every warm or cold
 * partition rolled longer ago than the retention age (retention follows the server clock, like rolling), then the
 * oldest remaining ones while all partitions together, the hot one included, exceed the size limit. The hot
 * partition is never chosen, so a hot partition larger than the limit alone leaves the total above it.
 */
public final class RetentionPlanner {

    /** A partition and the bytes it takes on disk. */
    public record Sized(PartitionEntry entry, long bytes) {}

    /** A partition to delete and why, in words for the log. */
    public record Deletion(String name, String reason) {}

    private RetentionPlanner() {}

    public static List<Deletion> plan(PartitionPolicy policy, List<Sized> partitions, long nowMillis) {
        List<Deletion> out = new ArrayList<>();
        List<Sized> kept = new ArrayList<>();
        for (Sized p : partitions) {
            PartitionEntry e = p.entry();
            long end = e.endMillis().orElse(Long.MAX_VALUE);
            if (!e.isHot()
                    && policy.retentionDays() > 0
                    && end < nowMillis - policy.retentionDays() * PartitionPolicy.DAY_MILLIS) {
                out.add(new Deletion(
                        e.name(),
                        "rolled at " + Instant.ofEpochMilli(end) + ", more than " + policy.retentionDays()
                                + " days ago"));
            } else {
                kept.add(p);
            }
        }
        if (policy.retentionBytes() > 0) {
            long total = kept.stream().mapToLong(Sized::bytes).sum();
            List<Sized> oldestFirst = kept.stream()
                    .filter(p -> !p.entry().isHot())
                    .sorted(Comparator.comparingLong(
                                    (Sized p) -> p.entry().endMillis().orElse(Long.MAX_VALUE))
                            .thenComparingLong(p -> p.entry().partitionId()))
                    .toList();
            for (Sized p : oldestFirst) {
                if (total <= policy.retentionBytes()) break;
                out.add(new Deletion(
                        p.entry().name(),
                        "partitions take " + total + " bytes, more than the limit of " + policy.retentionBytes()
                                + "; this is the oldest (" + p.bytes() + " bytes)"));
                total -= p.bytes();
            }
        }
        return out;
    }
}
