package io.lampblack.sensor.telemetry;

/**
 * When to bring the process tracker in line with /proc after the process connector lost messages. The kernel tells of
 * a loss ({@code ENOBUFS}) at the next receive, ahead of the messages still queued from before it: those are handled
 * first, as none of them may undo what a read of /proc made of the present (an old exit would end a process that the
 * read found in a reused pid). A message is from after the loss once its timestamp is not before the moment the loss
 * was told (both CLOCK_MONOTONIC: the connector's {@code ktime_get_ns}, Java's {@code System.nanoTime}), or once
 * nothing is left to read. Used by the connector's reader thread only.
 */
final class OverrunResync {

    private boolean pending;
    private long toldAt;

    /** A loss was told at {@code nowNanos}. */
    void lost(long nowNanos) {
        pending = true;
        toldAt = nowNanos;
    }

    boolean pending() {
        return pending;
    }

    /** Whether the tracker is to be brought in line before a message stamped {@code eventNanos} is handled. */
    boolean dueBefore(long eventNanos) {
        return pending && eventNanos >= toldAt;
    }

    void done() {
        pending = false;
    }
}
