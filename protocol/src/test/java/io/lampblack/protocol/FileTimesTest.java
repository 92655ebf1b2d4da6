package io.lampblack.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FileTimesTest {

    @Test
    void convertsFileTimes() {
        assertEquals(1447697423671L, FileTimes.toEpochMillis(130921710236713495L));
        assertEquals(1447697423L, FileTimes.toEpochSeconds(130921710236713495L));
        assertEquals("2015-11-16T18:10:23.671Z", FileTimes.isoMillis(FileTimes.toEpochMillis(130921710236713495L)));
        assertEquals(Instant.parse("2015-11-16T18:10:23.6713495Z"), FileTimes.toInstant(130921710236713495L));
        assertEquals(130921710236713495L, FileTimes.fromInstant(Instant.parse("2015-11-16T18:10:23.6713495Z")));
        assertEquals(Instant.parse("2017-05-01T17:51:43.2027104Z"), FileTimes.toInstant(131381347032027104L));
        assertEquals(Instant.parse("2015-12-18T17:04:20Z"), FileTimes.toInstant(130949318600000000L));
        assertEquals(FileTimes.UNIX_EPOCH, FileTimes.fromEpochMillis(0));
        assertEquals(130921710236710000L, FileTimes.fromEpochMillis(1447697423671L));
    }

    @Test
    void formatsWithExactlyThreeFractionDigits() {
        long start = FileTimes.toEpochMillis(130921712688191470L);
        assertEquals("2015-11-16T18:14:28.819Z", FileTimes.isoMillis(start));
        assertEquals("2015-11-16 18:14:28.819", FileTimes.eventTime(start));
        assertEquals("1970-01-01T00:00:00.000Z", FileTimes.isoMillis(0));
        assertEquals("1970-01-01 00:00:00.000", FileTimes.eventTime(0));
    }

    @Test
    void truncatesBeforeTheEpochTowardThePast() {
        assertEquals(-1, FileTimes.toEpochMillis(FileTimes.UNIX_EPOCH - 1));
        assertEquals("1601-01-01T00:00:00.000Z", FileTimes.isoMillis(FileTimes.toEpochMillis(0)));
    }

    @Test
    void fastFormattingAgreesWithJavaTimeOverRandomInstants() {
        var iso = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC);
        var event = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS")
                .withZone(java.time.ZoneOffset.UTC);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(2026);
        long min = -62_167_219_200_000L; // 0000-01-01
        long max = 253_402_300_799_999L; // 9999-12-31T23:59:59.999
        for (int i = 0; i < 200_000; i++) {
            long ms = i < 1000 ? min + i * 86_399_999L : rnd.nextLong(min, max + 1);
            java.time.Instant t = java.time.Instant.ofEpochMilli(ms);
            assertEquals(iso.format(t), FileTimes.isoMillis(ms), "at " + ms);
            assertEquals(event.format(t), FileTimes.eventTime(ms), "at " + ms);
        }
        assertEquals("1970-01-01T00:00:00.000Z", FileTimes.isoMillis(0));
        assertEquals("2016-02-29 23:59:59.999", FileTimes.eventTime(1456790399999L));
    }
}
