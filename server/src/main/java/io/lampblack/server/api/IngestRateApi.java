package io.lampblack.server.api;

import io.lampblack.server.api.wire.IngestRateDocument;
import io.lampblack.server.ingest.IngestRateSampler;
import io.lampblack.server.ingest.IngestRateSampler.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/dashboard/ingest}: the console's ingest-rate tile. The server counts events indexed since it
 * started (the {@code lampblack_ingest_events_indexed_total} meter), and the {@link IngestRateSampler} reads that
 * counter once a minute, keeping the last hour's readings; the answer is the events of each interval between them,
 * and of the running one up to now. Any user may read it, as any user may read {@code /metrics}, which shows the same
 * counter.
 */
public final class IngestRateApi {

    private final IngestRateSampler sampler;

    public IngestRateApi(IngestRateSampler sampler) {
        this.sampler = sampler;
    }

    public void register(Router r) {
        r.route(
                "GET",
                "/api/v1/dashboard/ingest",
                Router.Access.READ,
                ex -> ex.json(200, document(sampler.readings(), sampler.current())));
    }

    /**
     * The document of these readings (oldest first) and the counter now: the rate is the latest complete interval's,
     * or the running one's before any completed.
     */
    static IngestRateDocument document(List<Reading> readings, Reading now) {
        List<Reading> taken = new ArrayList<>(readings);
        taken.add(now);
        List<IngestRateDocument.Interval> intervals = new ArrayList<>();
        for (int i = 1; i < taken.size(); i++) intervals.add(interval(taken.get(i - 1), taken.get(i)));
        double rate = 0;
        if (intervals.size() >= 2) rate = intervals.get(intervals.size() - 2).eventsPerSecond();
        else if (intervals.size() == 1) rate = intervals.get(0).eventsPerSecond();
        return new IngestRateDocument(IngestRateSampler.INTERVAL.toSeconds(), now.total(), rate, intervals);
    }

    private static IngestRateDocument.Interval interval(Reading from, Reading to) {
        long events = Math.max(0, to.total() - from.total());
        double seconds = Duration.between(from.at(), to.at()).toMillis() / 1000.0;
        double rate = seconds > 0 ? Math.round(events / seconds * 100) / 100.0 : 0;
        return new IngestRateDocument.Interval(from.at().toString(), to.at().toString(), events, rate);
    }
}
