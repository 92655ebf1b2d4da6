package io.lampblack.server.lucene.partition;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names and directories. A rolled partition is named after its roll time in UTC the way Carbon Black names them,
 * {@code cbevents_YYYY_MM_DD_hhmm}, with {@code _1}, {@code _2}… when several rolls fall in the same minute.
 * Directories are named by partition id and never renamed, so that a roll changes no directory on disk; the
 * catalogue maps names to directories. The very first hot partition keeps the directory {@code writer} that data
 * directories from before partitions existed already have.
 */
public final class PartitionNames {

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy_MM_dd_HHmm").withZone(ZoneOffset.UTC);
    private static final Pattern PARTITION_DIRECTORY = Pattern.compile("writer|partition-\\d+");

    /** The directory of the first hot partition (and of the only partition before partitions existed). */
    public static final String FIRST_DIRECTORY = "writer";

    private PartitionNames() {}

    public static String warmName(long rollMillis, Set<String> taken) {
        String base = "cbevents_" + MINUTE.format(Instant.ofEpochMilli(rollMillis));
        if (!taken.contains(base)) return base;
        for (int n = 1; ; n++) {
            String candidate = base + "_" + n;
            if (!taken.contains(candidate)) return candidate;
        }
    }

    public static String directoryFor(long partitionId) {
        return String.format("partition-%06d", partitionId);
    }

    /** Whether a directory under the index root is one this package creates (so one it may clean up). */
    static boolean isPartitionDirectory(String name) {
        return PARTITION_DIRECTORY.matcher(name).matches();
    }
}
