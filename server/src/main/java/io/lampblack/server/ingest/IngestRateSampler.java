package io.lampblack.server.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The count of events indexed ({@link IngestPipeline#eventsIndexed}) read once a minute, the last hour of readings
 * kept, so that a rate can be worked out (the dashboard's ingest tile): a counter alone has no time in it.
 *
 * <p>Readings start once the journal replay after a restart has handed its uploads to the indexers: a replay indexes
 * again what sensors sent before the restart, as fast as the indexers go, which says nothing of how fast events
 * arrive. (The last few replayed uploads, still queued when the replay ends, may land in the first minute.) A reading
 * that fails is logged and the next one is taken at its time: an exception would end the schedule for good.
 */
public final class IngestRateSampler implements AutoCloseable {

    public static final Duration INTERVAL = Duration.ofMinutes(1);

    /** Readings kept: an hour of intervals needs one more reading than intervals. */
    public static final int READINGS = 61;

    private static final Logger LOG = LoggerFactory.getLogger(IngestRateSampler.class);

    /** The counter's value at a time. */
    public record Reading(Instant at, long total) {}

    private final LongSupplier eventsIndexed;
    private final BooleanSupplier replaying;
    private final Clock clock;
    private final ArrayDeque<Reading> readings = new ArrayDeque<>();
    private final ScheduledExecutorService reader;

    /**
     * @param replaying whether the journal replay is still going on
     * @param reader    what closing stops (null in tests, which call {@link #read} themselves)
     */
    IngestRateSampler(
            LongSupplier eventsIndexed, BooleanSupplier replaying, Clock clock, ScheduledExecutorService reader) {
        this.eventsIndexed = eventsIndexed;
        this.replaying = replaying;
        this.clock = clock;
        this.reader = reader;
    }

    /** Reads the counter now and then once a minute, until closed. */
    public static IngestRateSampler started(LongSupplier eventsIndexed, BooleanSupplier replaying, Clock clock) {
        return started(eventsIndexed, replaying, clock, INTERVAL);
    }

    static IngestRateSampler started(
            LongSupplier eventsIndexed, BooleanSupplier replaying, Clock clock, Duration interval) {
        ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-rate");
            t.setDaemon(true);
            return t;
        });
        IngestRateSampler sampler = new IngestRateSampler(eventsIndexed, replaying, clock, reader);
        reader.scheduleAtFixedRate(sampler::read, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** Takes a reading (once a minute), unless the journal replay is still going on. */
    void read() {
        try {
            if (replaying.getAsBoolean()) return;
            Reading now = current();
            synchronized (readings) {
                readings.addLast(now);
                while (readings.size() > READINGS) readings.removeFirst();
            }
        } catch (RuntimeException e) {
            LOG.warn("ingest rate: reading the count of events indexed failed; the next reading is taken as usual", e);
        }
    }

    /** The readings kept, oldest first. */
    public List<Reading> readings() {
        synchronized (readings) {
            return List.copyOf(readings);
        }
    }

    /** The counter now: where the running interval has got to. */
    public Reading current() {
        return new Reading(clock.instant(), eventsIndexed.getAsLong());
    }

    @Override
    public void close() {
        if (reader != null) reader.shutdownNow();
    }
}
