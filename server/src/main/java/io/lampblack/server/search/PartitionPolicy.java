package io.lampblack.server.search;

/**
 * When partitions roll and when they go.
 *
 * @param rollDays       the hot partition rolls once it is this many days old (0 = only on request)
 * @param retentionDays  warm and cold partitions rolled more than this many days ago are deleted (0 = kept)
 * @param retentionBytes the oldest warm and cold partitions are deleted while all partitions together take more
 *                       than this many bytes on disk (0 = no limit); the hot partition is never deleted
 */
public record PartitionPolicy(int rollDays, int retentionDays, long retentionBytes) {

    public static final long DAY_MILLIS = 86_400_000L;
    /** Carbon Black's default: a new partition every 3 days, nothing deleted. */
    public static final PartitionPolicy DEFAULT = new PartitionPolicy(3, 0, 0);

    public PartitionPolicy {
        if (rollDays < 0 || retentionDays < 0 || retentionBytes < 0) {
            throw new IllegalArgumentException("partition policy values cannot be negative");
        }
    }

    /** Whether a hot partition started at {@code startMillis} is due to roll at {@code nowMillis}. */
    public boolean rollDue(long startMillis, long nowMillis) {
        return rollDays > 0 && nowMillis - startMillis >= rollDays * DAY_MILLIS;
    }
}
