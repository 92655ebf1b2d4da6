package io.lampblack.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lampblack.server.api.wire.IngestRateDocument;
import io.lampblack.server.support.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The dashboard's ingest rate: events per minute from readings of the indexed-events counter, an hour of them. */
class IngestRateApiTest {

    private final MutableClock clock = MutableClock.at("2026-12-08T10:00:00Z");
    private final AtomicLong indexed = new AtomicLong(1_000);
    private final IngestRateApi rate = new IngestRateApi(indexed::get, clock, null);

    @Test
    void beforeAMinuteHasPassedTheRateIsThatOfTheRunningInterval() {
        rate.read();
        clock.advance(Duration.ofSeconds(20));
        indexed.addAndGet(100);
        IngestRateDocument d = rate.document();
        assertEquals(1_100, d.eventsIndexedTotal());
        assertEquals(5.0, d.eventsPerSecond());
        assertEquals(
                List.of(new IngestRateDocument.Interval("2026-12-08T10:00:00Z", "2026-12-08T10:00:20Z", 100, 5.0)),
                d.intervals());
    }

    @Test
    void theRateIsThatOfTheLastCompleteMinuteAndEachMinuteShowsItsOwnEvents() {
        rate.read();
        clock.advance(Duration.ofMinutes(1));
        indexed.addAndGet(600);
        rate.read();
        clock.advance(Duration.ofMinutes(1));
        indexed.addAndGet(1_200);
        rate.read();
        clock.advance(Duration.ofSeconds(30));
        indexed.addAndGet(3);
        IngestRateDocument d = rate.document();
        assertEquals(60, d.intervalSeconds());
        assertEquals(20.0, d.eventsPerSecond(), "the minute from 10:01 to 10:02, not the running half minute");
        assertEquals(
                List.of(600L, 1_200L, 3L),
                d.intervals().stream().map(IngestRateDocument.Interval::events).toList());
        assertEquals("2026-12-08T10:02:30Z", d.intervals().get(2).end());
    }

    @Test
    void onlyTheLastHourIsKept() {
        for (int minute = 0; minute < 90; minute++) {
            rate.read();
            clock.advance(Duration.ofMinutes(1));
            indexed.addAndGet(minute);
        }
        IngestRateDocument d = rate.document();
        // 60 complete minutes between the 61 readings kept, and the running one.
        assertEquals(61, d.intervals().size());
        assertEquals("2026-12-08T10:29:00Z", d.intervals().get(0).start());
        assertEquals(29L, d.intervals().get(0).events());
        assertEquals(89L, d.intervals().get(60).events());
    }
}
