package io.lampblack.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lampblack.server.api.wire.IngestRateDocument;
import io.lampblack.server.ingest.IngestRateSampler.Reading;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's ingest rate: events per minute between readings of the indexed-events counter. */
class IngestRateApiTest {

    private static Reading at(String time, long total) {
        return new Reading(Instant.parse("2026-12-08T" + time + "Z"), total);
    }

    @Test
    void beforeAMinuteHasPassedTheRateIsThatOfTheRunningInterval() {
        IngestRateDocument d = IngestRateApi.document(List.of(at("10:00:00", 1_000)), at("10:00:20", 1_100));
        assertEquals(1_100, d.eventsIndexedTotal());
        assertEquals(5.0, d.eventsPerSecond());
        assertEquals(
                List.of(new IngestRateDocument.Interval("2026-12-08T10:00:00Z", "2026-12-08T10:00:20Z", 100, 5.0)),
                d.intervals());
    }

    @Test
    void theRateIsThatOfTheLastCompleteMinuteAndEachMinuteShowsItsOwnEvents() {
        IngestRateDocument d = IngestRateApi.document(
                List.of(at("10:00:00", 1_000), at("10:01:00", 1_600), at("10:02:00", 2_800)), at("10:02:30", 2_803));
        assertEquals(60, d.intervalSeconds());
        assertEquals(20.0, d.eventsPerSecond(), "the minute from 10:01 to 10:02, not the running half minute");
        assertEquals(
                List.of(600L, 1_200L, 3L),
                d.intervals().stream().map(IngestRateDocument.Interval::events).toList());
        assertEquals("2026-12-08T10:02:30Z", d.intervals().get(2).end());
    }

    @Test
    void withoutAReadingYetThereIsNoIntervalAndNoRate() {
        // While the journal replays after a restart, no reading is taken (IngestRateSamplerTest).
        IngestRateDocument d = IngestRateApi.document(List.of(), at("10:00:20", 5_000));
        assertEquals(5_000, d.eventsIndexedTotal());
        assertEquals(0.0, d.eventsPerSecond());
        assertEquals(List.of(), d.intervals());
    }
}
