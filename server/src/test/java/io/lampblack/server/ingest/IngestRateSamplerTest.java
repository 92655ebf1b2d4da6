package io.lampblack.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.support.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Readings of the indexed-events counter: an hour of them, none during the journal replay, a failure survived. */
class IngestRateSamplerTest {

    private final MutableClock clock = MutableClock.at("2026-12-08T10:00:00Z");
    private final AtomicLong indexed = new AtomicLong(1_000);
    private final AtomicBoolean replaying = new AtomicBoolean(false);
    private final IngestRateSampler sampler = new IngestRateSampler(indexed::get, replaying::get, clock, null);

    @Test
    void onlyTheLastHourIsKept() {
        for (int minute = 0; minute < 90; minute++) {
            sampler.read();
            clock.advance(Duration.ofMinutes(1));
            indexed.addAndGet(minute);
        }
        List<IngestRateSampler.Reading> kept = sampler.readings();
        assertEquals(61, kept.size(), "60 complete minutes between them");
        assertEquals(Instant.parse("2026-12-08T10:29:00Z"), kept.getFirst().at());
        assertEquals(Instant.parse("2026-12-08T11:29:00Z"), kept.getLast().at());
        assertEquals(
                new IngestRateSampler.Reading(Instant.parse("2026-12-08T11:30:00Z"), indexed.get()), sampler.current());
    }

    @Test
    void noReadingIsTakenWhileTheJournalReplays() {
        replaying.set(true);
        sampler.read();
        clock.advance(Duration.ofMinutes(1));
        indexed.addAndGet(50_000); // the replay re-indexing what was sent before the restart
        sampler.read();
        assertEquals(List.of(), sampler.readings());

        replaying.set(false);
        clock.advance(Duration.ofMinutes(1));
        sampler.read();
        assertEquals(
                List.of(new IngestRateSampler.Reading(Instant.parse("2026-12-08T10:02:00Z"), 51_000)),
                sampler.readings(),
                "the first reading after the replay is where the rate starts from");
    }

    @Test
    void aFailingReadDoesNotEndTheSchedule() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (IngestRateSampler scheduled = IngestRateSampler.started(
                () -> {
                    if (calls.incrementAndGet() <= 2) throw new IllegalStateException("counter unavailable");
                    return calls.get();
                },
                () -> false,
                Clock.systemUTC(),
                Duration.ofMillis(20))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (scheduled.readings().size() < 3 && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(
                    scheduled.readings().size() >= 3,
                    "readings after two failed ones: " + scheduled.readings() + " after " + calls.get() + " calls");
            assertEquals(3L, scheduled.readings().getFirst().total(), "the first two reads failed");
        }
    }
}
