package io.lampblack.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder stops at its limits and reports the heap it takes before taking it. */
class DecodeLimitsTest {

    private static final CbEventMsg MINIMAL = CbEventMsg.newBuilder()
            .setHeader(CbHeaderMsg.newBuilder().setVersion(4))
            .build();

    private static byte[] minimal(int count) {
        return EventLogWriter.frame(Collections.nCopies(count, MINIMAL));
    }

    @Test
    void moreEventsThanAllowedAreTooLargeInEveryPackaging() {
        byte[] plain = minimal(1001);
        for (byte[] body : List.of(plain, EventLogWriter.gzip(plain), EventLogWriter.zip(plain, "e.log"))) {
            var e = assertThrows(
                    EventLogTooLargeException.class,
                    () -> EventLogReader.decodeStrict(body, new DecodeLimits(1 << 20, 1000, b -> {})));
            assertEquals(1000, e.limit());
            assertTrue(e.getMessage().contains("1000 events"), e.getMessage());
        }
        assertEquals(1001, decode(plain, 1001, b -> {}).size());
    }

    @Test
    void aGzipBombStopsAtTheByteLimitHavingReservedNoMoreThanThat() {
        byte[] bomb = EventLogWriter.gzip(minimal(1 << 20)); // 8 MiB inflated
        long[] reserved = {0};
        var e = assertThrows(
                EventLogTooLargeException.class,
                () -> EventLogReader.decodeStrict(
                        bomb, new DecodeLimits(1 << 20, Integer.MAX_VALUE, b -> reserved[0] += b)));
        assertEquals(1 << 20, e.limit());
        assertTrue(reserved[0] <= 1 << 20, "reserved " + reserved[0]);
    }

    @Test
    void heapIsReservedByDecodedSizeBeforeDecoding() {
        long[] reserved = {0};
        DecodedEventLog log = decode(minimal(10_000), 10_000, b -> reserved[0] += b);
        long estimate = 10_000L * (EventLogReader.HEAP_PER_EVENT + 4L * EventLogReader.HEAP_PER_RECORD_BYTE);
        assertEquals(10_000, log.size());
        assertTrue(reserved[0] >= estimate, reserved[0] + " reserved, " + estimate + " estimated");
        assertTrue(reserved[0] < estimate + (1 << 20), "at most one step more: " + reserved[0]);
    }

    @Test
    void aRefusedReservationStopsDecodingWithTheRefusersException() {
        RuntimeException refused = new RuntimeException("budget exhausted");
        long[] reserved = {0};
        RuntimeException thrown = assertThrows(
                RuntimeException.class,
                () -> decode(minimal(100_000), 100_000, b -> {
                    if (reserved[0] + b > 2 << 20) throw refused;
                    reserved[0] += b;
                }));
        assertSame(refused, thrown);
        assertTrue(reserved[0] <= 2 << 20);
    }

    private static DecodedEventLog decode(byte[] body, int maxEvents, DecodeLimits.HeapReservation heap) {
        try {
            return EventLogReader.decodeStrict(body, new DecodeLimits(16 << 20, maxEvents, heap));
        } catch (EventLogException e) {
            throw new AssertionError(e);
        }
    }
}
