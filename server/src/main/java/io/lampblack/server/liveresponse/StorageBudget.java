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
            throw new LiveResponseProblem(
                    Problem.Kind.TOO_LARGE,
                    "storage_full",
                    "live-response storage is full (" + max + " bytes); delete files or sessions, or raise"
                            + " --lr-max-storage");
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }
}
