package io.lampblack.server.liveresponse;

import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The work waiting for each sensor, and the one long poll each sensor may hold: a poll blocks (on its own virtual
 * thread) until work is posted, which wakes it at once, or until its wait ends. Waits end up to a fifth early, at
 * random, so that many sensors' polls spread out instead of ending (and coming back) together.
 */
public final class SensorMailboxes {

    /** A sensor's mailbox; its queue and poll flag are guarded by its lock. */
    private static final class Mailbox {
        final ReentrantLock lock = new ReentrantLock();
        final Condition arrived = lock.newCondition();
        final ArrayDeque<Work> queue = new ArrayDeque<>();
        boolean polling;
        /**
         * Incremented by each poll: a held poll whose number is no longer the latest was superseded by a new one of
         * the same sensor (its connection broke and it reconnected) and returns empty, leaving the work to the new.
         */
        long generation;
        /** Incremented by {@link #wake}: a held poll returns (empty) so that the sensor polls again. */
        long wakeups;
    }

    private final Map<Integer, Mailbox> boxes = new ConcurrentHashMap<>();
    private final Duration maxWait;
    /** Once closed (the server is stopping), polls end at once, empty. */
    private volatile boolean closed;

    private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();

    public SensorMailboxes(Duration maxWait) {
        this.maxWait = maxWait;
    }

    private Mailbox box(int sensorId) {
        return boxes.computeIfAbsent(sensorId, id -> new Mailbox());
    }

    /** Queues work for the sensor and wakes its poll, if one is held. */
    public void post(int sensorId, Work work) {
        Mailbox b = box(sensorId);
        b.lock.lock();
        try {
            b.queue.add(work);
            b.arrived.signalAll();
        } finally {
            b.lock.unlock();
        }
    }

    /**
     * Drops queued work the predicate matches (work of a session that ended, or a command cancelled, before the sensor
     * took it); answers how many were dropped. Work a poll has taken is not queued any more: it is not dropped.
     */
    public int withdraw(int sensorId, java.util.function.Predicate<Work> which) {
        Mailbox b = boxes.get(sensorId);
        if (b == null) return 0;
        b.lock.lock();
        try {
            int before = b.queue.size();
            b.queue.removeIf(which);
            return before - b.queue.size();
        } finally {
            b.lock.unlock();
        }
    }

    /** Polls held now, across all sensors. */
    public int held() {
        return held.get();
    }

    /** Whether the sensor holds a poll now. */
    public boolean polling(int sensorId) {
        Mailbox b = boxes.get(sensorId);
        if (b == null) return false;
        b.lock.lock();
        try {
            return b.polling;
        } finally {
            b.lock.unlock();
        }
    }

    /**
     * Holds the sensor's poll until there is work or the wait ends, and answers the work (empty when none came).
     *
     * One poll per sensor: a second one while the first is held is refused (409 {@code poll_in_progress}), unless
     * the sensor says its previous poll broke ({@code replace}): the held one (on a connection that broke without the
     * server noticing) then returns empty at once without taking any work, so that no work goes to a dead connection
     * and a reconnecting sensor is not turned away.
     *
     * @param requested the sensor's wish, capped at the server's maximum and shortened by up to a fifth at random
     * @throws LiveResponseProblem conflict {@code poll_in_progress}
     */
    public List<Work> poll(int sensorId, Duration requested, boolean replace) throws InterruptedException {
        Duration wait = requested.compareTo(maxWait) > 0 || requested.isNegative() ? maxWait : requested;
        long nanos = wait.toNanos();
        nanos -= (long) (nanos * ThreadLocalRandom.current().nextDouble(0, 0.2));
        Mailbox b = box(sensorId);
        b.lock.lock();
        try {
            if (b.polling && !replace)
                throw LiveResponseProblem.conflict(
                        "poll_in_progress",
                        "this sensor holds a live-response poll already; send \"replace\": true if it broke");
            long mine = ++b.generation;
            if (b.polling) b.arrived.signalAll(); // the held poll sees it is superseded
            else held.incrementAndGet();
            b.polling = true;
            try {
                long wakeups = b.wakeups;
                while (!closed && b.queue.isEmpty() && nanos > 0 && b.wakeups == wakeups && b.generation == mine)
                    nanos = b.arrived.awaitNanos(nanos);
                if (b.generation != mine) return List.of();
                List<Work> work = new ArrayList<>(b.queue);
                b.queue.clear();
                return work;
            } finally {
                if (b.generation == mine) {
                    b.polling = false;
                    held.decrementAndGet();
                }
            }
        } finally {
            b.lock.unlock();
        }
    }

    /** Ends every held poll at once, and every later one as soon as it starts (the server is stopping). */
    public void close() {
        closed = true;
        wakeAll();
    }

    /** Ends every held poll at once. */
    public void wakeAll() {
        for (Mailbox b : boxes.values()) {
            b.lock.lock();
            try {
                b.wakeups++;
                b.arrived.signalAll();
            } finally {
                b.lock.unlock();
            }
        }
    }

    /** Queued work of a sensor, for tests. */
    int queued(int sensorId) {
        Mailbox b = boxes.get(sensorId);
        if (b == null) return 0;
        b.lock.lock();
        try {
            return b.queue.size();
        } finally {
            b.lock.unlock();
        }
    }
}
