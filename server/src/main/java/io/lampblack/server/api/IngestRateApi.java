package io.lampblack.server.api;

import io.lampblack.server.api.wire.IngestRateDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code GET /api/v1/dashboard/ingest}: the console's ingest-rate tile. The server counts events indexed since it
 * started (the {@code lampblack_ingest_events_indexed_total} meter); a rate needs that counter read at known times,
 * so it is read once a minute and the last hour's readings are kept (61 numbers). Any user may read it, as any user
 * may read {@code /metrics}, which shows the same counter.
 */
public final class IngestRateApi implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    /** Readings kept: an hour of intervals needs one more reading than intervals. */
    static final int READINGS = 61;

    private record Reading(Instant at, long total) {}

    private final LongSupplier eventsIndexed;
    private final Clock clock;
    private final ArrayDeque<Reading> readings = new ArrayDeque<>();
    private final ScheduledExecutorService reader;

    /** Reads the counter now and then once a minute, until closed. */
    public static IngestRateApi started(LongSupplier eventsIndexed, Clock clock) {
        ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-rate");
            t.setDaemon(true);
            return t;
        });
        IngestRateApi api = new IngestRateApi(eventsIndexed, clock, reader);
        api.read();
        long ms = INTERVAL.toMillis();
        reader.scheduleAtFixedRate(api::read, ms, ms, TimeUnit.MILLISECONDS);
        return api;
    }

    /** @param reader what closing stops (null in tests, which call {@link #read()} themselves) */
    IngestRateApi(LongSupplier eventsIndexed, Clock clock, ScheduledExecutorService reader) {
        this.eventsIndexed = eventsIndexed;
        this.clock = clock;
        this.reader = reader;
    }

    public void register(Router r) {
        r.route("GET", "/api/v1/dashboard/ingest", Router.Access.READ, ex -> ex.json(200, document()));
    }

    /** Takes a reading of the counter (once a minute). */
    void read() {
        Reading now = new Reading(clock.instant(), eventsIndexed.getAsLong());
        synchronized (readings) {
            readings.addLast(now);
            while (readings.size() > READINGS) readings.removeFirst();
        }
    }

    IngestRateDocument document() {
        List<Reading> taken;
        synchronized (readings) {
            taken = new ArrayList<>(readings);
        }
        // The running interval: from the last reading to now.
        taken.add(new Reading(clock.instant(), eventsIndexed.getAsLong()));
        List<IngestRateDocument.Interval> intervals = new ArrayList<>();
        for (int i = 1; i < taken.size(); i++) intervals.add(interval(taken.get(i - 1), taken.get(i)));
        double rate = 0;
        if (intervals.size() >= 2) rate = intervals.get(intervals.size() - 2).eventsPerSecond();
        else if (intervals.size() == 1) rate = intervals.get(0).eventsPerSecond();
        Reading last = taken.get(taken.size() - 1);
        return new IngestRateDocument(INTERVAL.toSeconds(), last.total(), rate, intervals);
    }

    private static IngestRateDocument.Interval interval(Reading from, Reading to) {
        long events = Math.max(0, to.total() - from.total());
        double seconds = Duration.between(from.at(), to.at()).toMillis() / 1000.0;
        double rate = seconds > 0 ? Math.round(events / seconds * 100) / 100.0 : 0;
        return new IngestRateDocument.Interval(from.at().toString(), to.at().toString(), events, rate);
    }

    @Override
    public void close() {
        if (reader != null) reader.shutdownNow();
    }
}
