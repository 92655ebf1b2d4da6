package io.lampblack.server.auth;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounds how many password checks run at once: each Argon2id check holds its memory cost (19 MiB) for its duration,
 * so unbounded parallel logins could exhaust the heap. A check waits up to {@code wait} for a slot; past that the
 * login is refused with 429 {@code login_busy} and Retry-After 1.
 */
public final class VerifySlots {

    /** The default number of slots: the processors, at least 2. */
    public static int defaultSlots() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    private final Semaphore slots;
    private final Duration wait;

    public VerifySlots(int slots, Duration wait) {
        this.slots = new Semaphore(slots);
        this.wait = wait;
    }

    /**
     * Runs the check in a slot.
     *
     * @throws AccessProblem 429 when no slot came free in time (the check did not run)
     */
    public boolean check(BooleanSupplier check) {
        boolean got;
        try {
            got = slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) throw AccessProblem.busy();
        try {
            return check.getAsBoolean();
        } finally {
            slots.release();
        }
    }
}
