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

    private FileTimes() {}

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
        return Instant.ofEpochSecond(
                Math.floorDiv(sinceEpoch, TICKS_PER_SECOND), Math.floorMod(sinceEpoch, TICKS_PER_SECOND) * 100);
    }

    /** Truncates sub-100 ns precision. */
    public static long fromInstant(Instant instant) {
        return instant.getEpochSecond() * TICKS_PER_SECOND + instant.getNano() / 100 + UNIX_EPOCH;
    }

    /** {@code 2015-11-16T18:14:28.819Z}: the time format of process and binary documents. */
    public static String isoMillis(long epochMillis) {
        String s = format(epochMillis, 'T');
        return s == null ? ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis)) : s + 'Z';
    }

    /** {@code 2015-11-16 18:14:28.819} (UTC): the time format inside the {@code *_complete} event strings. */
    public static String eventTime(long epochMillis) {
        String s = format(epochMillis, ' ');
        return s == null ? EVENT_TIME.format(Instant.ofEpochMilli(epochMillis)) : s;
    }

    /**
     * {@code yyyy-MM-dd<sep>HH:mm:ss.SSS} in UTC without DateTimeFormatter, which costs a microsecond a call and is
     * called for every timestamp of every indexed segment. Null outside years 0000-9999 (the formatter handles those).
     */
    private static String format(long epochMillis, char sep) {
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        int msOfDay = (int) Math.floorMod(epochMillis, 86_400_000L);
        // Civil date from days since 1970-01-01 (proleptic Gregorian), after Howard Hinnant's days_from_civil inverse.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) return null;
        char[] c = new char[23];
        put(c, 0, (int) year, 4);
        c[4] = '-';
        put(c, 5, month, 2);
        c[7] = '-';
        put(c, 8, day, 2);
        c[10] = sep;
        put(c, 11, msOfDay / 3_600_000, 2);
        c[13] = ':';
        put(c, 14, msOfDay / 60_000 % 60, 2);
        c[16] = ':';
        put(c, 17, msOfDay / 1000 % 60, 2);
        c[19] = '.';
        put(c, 20, msOfDay % 1000, 3);
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
