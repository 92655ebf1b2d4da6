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
        BinaryRequests requests =
                new BinaryRequests(store, new BinaryRequests.Limits(8, 4, Duration.ofMinutes(10), 2), clock);
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
        BinaryRequests requests =
                new BinaryRequests(store, new BinaryRequests.Limits(4, 2, Duration.ofMinutes(10), 3), clock);
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
}
