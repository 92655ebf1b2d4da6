package io.lampblack.sensor.agent;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for calls to an unreachable or overloaded server: the wait doubles from
 * {@code first} up to {@code max}, and each wait is drawn between half of it and all of it, so that many sensors
 * coming back after an outage spread out instead of arriving together.
 */
final class Backoff {

    private final Duration first;
    private final Duration max;
    private Duration next;

    Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The next wait (jittered), and doubles the one after it. */
    Duration next() {
        long ms = next.toMillis();
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
    }

    /** A call went through: the next failure waits {@code first} again. */
    void reset() {
        next = first;
    }
}
