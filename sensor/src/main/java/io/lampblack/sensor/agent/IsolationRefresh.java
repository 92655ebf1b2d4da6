package io.lampblack.sensor.agent;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When an isolated sensor refreshes its isolation (re-resolving the server's name into the rules). After an answered
 * check-in it always does; but if the server's address changed while the host was isolated, no check-in is answered
 * any more, and the rules would never learn the new address. So it also refreshes once at start-up and after a
 * failed check-in, there at most once per check-in interval (a refresh runs nft; failures come every few seconds).
 */
final class IsolationRefresh {

    private final LongSupplier nanoTime;
    private boolean ever;
    private long last;

    IsolationRefresh(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** After a failed check-in: whether to refresh now, i.e. not within {@code interval} of the last refresh. */
    synchronized boolean dueAfterFailure(Duration interval) {
        return !ever || nanoTime.getAsLong() - last >= interval.toNanos();
    }

    /** A refresh was made now. */
    synchronized void refreshed() {
        ever = true;
        last = nanoTime.getAsLong();
    }
}
