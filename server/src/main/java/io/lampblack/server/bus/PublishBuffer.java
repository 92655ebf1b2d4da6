package io.lampblack.server.bus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded buffer between message producers (ingest threads, the binary catalog) and the publishing thread.
 * Two lanes with their own limits, so that a flood of raw events can never crowd out notifications: raw events
 * are shed when their lane is full, and notifications are taken first. Offering never blocks.
 */
final class PublishBuffer {

    enum Offer {
        ACCEPTED,
        FULL,
        CLOSED
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<BusMessage> notifications = new ArrayDeque<>();
    private final ArrayDeque<BusMessage> raw = new ArrayDeque<>();
    private final int notificationCapacity;
    private final int rawCapacity;
    private final long rawByteCapacity;
    private long rawBytes;
    private boolean closed;

    /**
     * @param rawByteCapacity body bytes the raw lane may hold: a count alone would let whole-upload zips
     *                        ({@code api.rawsensordata}) fill the heap during an outage
     */
    PublishBuffer(int notificationCapacity, int rawCapacity, long rawByteCapacity) {
        this.notificationCapacity = notificationCapacity;
        this.rawCapacity = rawCapacity;
        this.rawByteCapacity = rawByteCapacity;
    }

    Offer offer(BusMessage m) {
        lock.lock();
        try {
            if (closed) return Offer.CLOSED;
            if (m.sheddable()) {
                if (raw.size() >= rawCapacity || rawBytes + m.body().length > rawByteCapacity) return Offer.FULL;
                raw.addLast(m);
                rawBytes += m.body().length;
            } else {
                if (notifications.size() >= notificationCapacity) return Offer.FULL;
                notifications.addLast(m);
            }
            notEmpty.signal();
            return Offer.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts unconfirmed messages back at the front, in their original order, past the limits: they were accepted
     * once and their number is bounded by the in-flight window.
     */
    void requeue(List<BusMessage> inOrder) {
        lock.lock();
        try {
            for (int i = inOrder.size() - 1; i >= 0; i--) {
                BusMessage m = inOrder.get(i);
                if (m.sheddable()) {
                    raw.addFirst(m);
                    rawBytes += m.body().length;
                } else {
                    notifications.addFirst(m);
                }
            }
            if (!inOrder.isEmpty()) notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Up to {@code max} messages, notifications first; waits up to {@code waitMs} for the first one. */
    List<BusMessage> take(int max, long waitMs) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(waitMs);
            while (notifications.isEmpty() && raw.isEmpty() && !closed && nanos > 0) nanos = notEmpty.awaitNanos(nanos);
            List<BusMessage> out = new ArrayList<>(Math.min(max, notifications.size() + raw.size()));
            while (out.size() < max && !notifications.isEmpty()) out.add(notifications.pollFirst());
            while (out.size() < max && !raw.isEmpty()) {
                BusMessage m = raw.pollFirst();
                rawBytes -= m.body().length;
                out.add(m);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a waiting {@link #take} (the connection was lost, or the publisher is closing). */
    void wake() {
        lock.lock();
        try {
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Empties the buffer, returning how many messages it held. */
    int clear() {
        lock.lock();
        try {
            int n = notifications.size() + raw.size();
            notifications.clear();
            raw.clear();
            rawBytes = 0;
            return n;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return notifications.size() + raw.size();
        } finally {
            lock.unlock();
        }
    }
}
