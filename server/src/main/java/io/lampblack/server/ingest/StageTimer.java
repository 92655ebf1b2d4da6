package io.lampblack.server.ingest;

import java.util.concurrent.atomic.LongAdder;

/**
 * Time spent in one step of one stage of the route, summed: how often it ran and for how long in total. Cheap
 * enough for every upload (two adders); read when metrics are scraped.
 *
 * @param stage the route stage ({@code received}, {@code journaled}, {@code assembled}, {@code indexed},
 *              {@code durable})
 * @param step  what ran: the pipeline's own work or the hook's class
 */
public record StageTimer(String stage, String step, LongAdder count, LongAdder nanos) {

    public StageTimer(String stage, String step) {
        this(stage, step, new LongAdder(), new LongAdder());
    }

    /** Records one run that started at {@code startNanos} ({@link System#nanoTime()}). */
    public void since(long startNanos) {
        count.increment();
        nanos.add(System.nanoTime() - startNanos);
    }

    public long runs() {
        return count.sum();
    }

    public double seconds() {
        return nanos.sum() / 1e9;
    }
}
