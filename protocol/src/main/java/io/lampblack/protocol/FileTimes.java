package io.lampblack.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Windows FILETIME (100 ns ticks since 1601-01-01 UTC), the clock of every raw sensor timestamp, and the text forms
 * the server emits. Conversions to milliseconds truncate toward the past, matching how Carbon Black renders
 * {@code 130921712688191470} as {@code 2015-11-16T18:14:28.819Z}.
 */
public final class FileTimes {

    /** FILETIME of 1970-01-01T00:00:00Z. */
    public static final long UNIX_EPOCH = 116_444_736_000_000_000L;

    private static final long TICKS_PER_MILLI = 10_000L;
    private static final long TICKS_PER_SECOND = 10_000_000L;

    // Fixed three fraction digits: ISO_INSTANT would drop or lengthen the fraction, and consumers compare strings.
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private FileTimes() {
    }

    public static long toEpochMillis(long fileTime) {
        return Math.floorDiv(fileTime - UNIX_EPOCH, TICKS_PER_MILLI);
    }

    /** Whole epoch seconds, as the event forwarder's integer {@code timestamp}. */
    public static long toEpochSeconds(long fileTime) {
        return Math.floorDiv(fileTime - UNIX_EPOCH, TICKS_PER_SECOND);
    }

    public static long fromEpochMillis(long epochMillis) {
        return epochMillis * TICKS_PER_MILLI + UNIX_EPOCH;
    }

    /** Full 100 ns precision. */
    public static Instant toInstant(long fileTime) {
        long sinceEpoch = fileTime - UNIX_EPOCH;
        return Instant.ofEpochSecond(Math.floorDiv(sinceEpoch, TICKS_PER_SECOND),
                Math.floorMod(sinceEpoch, TICKS_PER_SECOND) * 100);
    }

    /** Truncates sub-100 ns precision. */
    public static long fromInstant(Instant instant) {
        return instant.getEpochSecond() * TICKS_PER_SECOND + instant.getNano() / 100 + UNIX_EPOCH;
    }

    /** {@code 2015-11-16T18:14:28.819Z}: the time format of process and binary documents. */
    public static String isoMillis(long epochMillis) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    /** {@code 2015-11-16 18:14:28.819} (UTC): the time format inside the {@code *_complete} event strings. */
    public static String eventTime(long epochMillis) {
        return EVENT_TIME.format(Instant.ofEpochMilli(epochMillis));
    }
}
