package io.lampblack.server.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lampblack.server.support.MutableClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which binaries a sensor is asked for, when, how often, and when no more (a real file store underneath). */
class BinaryRequestsTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-01-05T10:00:00Z");

    private static String md5(byte[] content) throws Exception {
        return HexFormat.of()
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("MD5").digest(content));
    }

    @Test
    void askedOnlyOfTheSensorThatDescribedItAndAgainAfterTheRetryWaitAtMostMaxAsksTimes() throws Exception {
        FileBinaryStore store = new FileBinaryStore(dir, BinaryObservations.NONE, clock);
        BinaryRequests requests = new BinaryRequests(
                store, new BinaryRequests.Limits(8, 100, 4, Duration.ofMinutes(10), 2, Duration.ofDays(1)), clock);
        String m = md5("a".getBytes(StandardCharsets.US_ASCII));
        requests.described(7, m);

        assertEquals(List.of(m.toLowerCase()), requests.forCheckin(7));
        assertEquals(List.of(), requests.forCheckin(8), "another sensor never described it");
        assertEquals(List.of(), requests.forCheckin(7), "not asked again at once");
        clock.advance(Duration.ofMinutes(10));
        assertEquals(List.of(m.toLowerCase()), requests.forCheckin(7), "asked again after the retry wait");
        clock.advance(Duration.ofMinutes(10));
        assertEquals(List.of(), requests.forCheckin(7), "two asks at most: the sensor may not have it any more");
        assertEquals(0, requests.waiting());
    }

    @Test
    void storedBinariesAreNeverAskedForAndEachCheckinAsksAFew() throws Exception {
        FileBinaryStore store = new FileBinaryStore(dir, BinaryObservations.NONE, clock);
        BinaryRequests requests = new BinaryRequests(
                store, new BinaryRequests.Limits(4, 100, 2, Duration.ofMinutes(10), 3, Duration.ofDays(1)), clock);
        byte[] stored = "stored".getBytes(StandardCharsets.US_ASCII);
        store.put(md5(stored), new ByteArrayInputStream(stored), 1 << 20);
        requests.described(7, md5(stored));
        assertEquals(0, requests.waiting(), "the store has it: nothing to ask");

        byte[] later = "later".getBytes(StandardCharsets.US_ASCII);
        requests.described(7, md5(later));
        for (String s : List.of("b", "c", "d", "e")) requests.described(7, md5(s.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(4, requests.waiting(), "bounded per sensor");
        assertEquals(1, requests.notRemembered());

        // Stored after it was described, before it was asked for: not asked.
        store.put(md5(later), new ByteArrayInputStream(later), 1 << 20);
        List<String> first = requests.forCheckin(7);
        assertEquals(2, first.size(), "a few per check-in: " + first);
        assertEquals(false, first.contains(md5(later).toLowerCase()));
        assertEquals(1, requests.forCheckin(7).size(), "the rest at the next check-in");
    }

    @Test
    void theTotalAcrossSensorsIsBounded() throws Exception {
        FileBinaryStore store = new FileBinaryStore(dir, BinaryObservations.NONE, clock);
        BinaryRequests requests = new BinaryRequests(
                store, new BinaryRequests.Limits(4, 3, 16, Duration.ofMinutes(10), 3, Duration.ofDays(1)), clock);
        for (int sensor = 1; sensor <= 4; sensor++) {
            requests.described(sensor, md5(("s" + sensor).getBytes(StandardCharsets.US_ASCII)));
        }
        assertEquals(3, requests.waiting());
        assertEquals(1, requests.notRemembered());
        assertEquals(List.of(), requests.forCheckin(4), "the fourth sensor's was not remembered");
    }

    @Test
    void anotherSensorReportingADescribedBinaryIsAskedTooAndRequestsExpire() throws Exception {
        FileBinaryStore store = new FileBinaryStore(dir, BinaryObservations.NONE, clock);
        BinaryRequests requests = new BinaryRequests(
                store, new BinaryRequests.Limits(8, 100, 4, Duration.ofMinutes(10), 3, Duration.ofHours(1)), clock);
        String m = md5("shared".getBytes(StandardCharsets.US_ASCII));
        String never = md5("nobody described it".getBytes(StandardCharsets.US_ASCII));
        requests.sighted(8, never);
        assertEquals(List.of(), requests.forCheckin(8), "a sighting alone asks for nothing");

        requests.described(7, m);
        requests.sighted(8, m);
        assertEquals(List.of(m.toLowerCase()), requests.forCheckin(8), "the second sensor with the binary is asked");
        assertEquals(List.of(m.toLowerCase()), requests.forCheckin(7));

        String late = md5("described by a sensor that never checks in".getBytes(StandardCharsets.US_ASCII));
        requests.described(9, late);
        assertEquals(3, requests.waiting());
        clock.advance(Duration.ofHours(1));
        requests.described(7, md5("x".getBytes(StandardCharsets.US_ASCII))); // sweeps what expired meanwhile
        assertEquals(1, requests.waiting(), "expired requests forgotten, also of sensors that never check in");
        assertEquals(List.of(), requests.forCheckin(9));
        requests.sighted(10, m);
        assertEquals(List.of(), requests.forCheckin(10), "an expired binary is not asked of sensors that see it");
    }
}
