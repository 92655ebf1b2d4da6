package io.lampblack.server.search;

/**
 * Which partitions a search may skip: a partition whose server-time range ({@code last_server_update}) or
 * sensor-time range ({@code last_update}) cannot overlap the window is not opened. Bounds are epoch ms,
 * inclusive; {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE} mean open.
 */
public record PartitionFilter(long minServerMillis, long maxServerMillis, long minSensorMillis, long maxSensorMillis) {

    public static final PartitionFilter ALL =
            new PartitionFilter(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);

    /** Whether a partition holding server times [serverLo, serverHi] and sensor times [sensorLo, sensorHi] may match. */
    public boolean mayMatch(long serverLo, long serverHi, long sensorLo, long sensorHi) {
        return serverHi >= minServerMillis
                && serverLo <= maxServerMillis
                && sensorHi >= minSensorMillis
                && sensorLo <= maxSensorMillis;
    }
}
