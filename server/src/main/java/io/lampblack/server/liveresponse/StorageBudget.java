package io.lampblack.server.liveresponse;

import io.lampblack.server.problem.Problem;
import java.util.concurrent.atomic.AtomicLong;

/** The bytes all live-response files may take together; reserved as content arrives, given back when deleted. */
final class StorageBudget {

    private final long max;
    private final AtomicLong used = new AtomicLong();

    StorageBudget(long max, long alreadyUsed) {
        this.max = max;
        this.used.set(alreadyUsed);
    }

    /** @throws LiveResponseProblem ({@code storage_full}, too large) when the bytes would exceed the cap */
    void reserve(long bytes) {
        long now = used.addAndGet(bytes);
        if (now > max) {
            used.addAndGet(-bytes);
            throw full();
        }
    }

    /**
     * Reserves up to {@code wanted} bytes, as many as are left; answers how many.
     *
     * @throws LiveResponseProblem ({@code storage_full}) when nothing is left
     */
    long reserveUpTo(long wanted) {
        while (true) {
            long now = used.get();
            long take = Math.min(wanted, max - now);
            if (take <= 0) throw full();
            if (used.compareAndSet(now, now + take)) return take;
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    LiveResponseProblem full() {
        return new LiveResponseProblem(
                Problem.Kind.TOO_LARGE,
                "storage_full",
                "live-response storage is full (" + max + " bytes); delete files or sessions, or raise"
                        + " --lr-max-storage");
    }
}
