package io.lampblack.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log as requests see it: {@link #record} only queues the entry, and one writer thread appends queued
 * entries in batches to the {@link AuditStore} (then to the syslog mirror), so auditing every call costs a request a
 * queue insertion, not a database write.
 *
 * <p>The queue is bounded. When it is full (the database is down or far behind), a request waits up to
 * {@link #FULL_WAIT} for room: the audit log slows the API before it loses anything. Only past that wait is the entry
 * given up, counted, logged as an error, and the count itself written to the audit log as an entry of method
 * {@code AUDIT} once the writer catches up, so a gap is never silent. A batch the store refuses is retried (with a
 * pause) until it is written or the server stops.
 */
public final class AuditTrail implements AuditLog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    /** How long a request waits for room in a full queue before its entry is counted as lost. */
    public static final Duration FULL_WAIT = Duration.ofSeconds(5);

    private static final int BATCH = 500;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final AuditStore store;
    private final Optional<AuditSyslog> mirror;
    private final Clock clock;
    private final BlockingQueue<Entry> queue;
    private final AtomicLong lost = new AtomicLong();
    private final Thread writer;
    private final Object progress = new Object();
    private long queued; // guarded by progress
    private long written; // guarded by progress
    private volatile boolean closing;

    public AuditTrail(AuditStore store, Optional<AuditSyslog> mirror, int capacity, Clock clock) {
        this.store = store;
        this.mirror = mirror;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("audit-writer").daemon().unstarted(this::writeLoop);
        writer.start();
    }

    @Override
    public void record(Entry entry) {
        try {
            synchronized (progress) {
                // Counted before it is queued so that flush() waits for it; un-counted if it is given up.
                queued++;
            }
            if (queue.offer(entry) || queue.offer(entry, FULL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long n = lost.incrementAndGet();
        synchronized (progress) {
            written++; // nothing will be written for it: flush() must not wait for it
            progress.notifyAll();
        }
        LOG.error(
                "audit queue full for {}: entry of {} {} {} lost ({} so far)",
                FULL_WAIT,
                entry.username(),
                entry.method(),
                entry.path(),
                n);
    }

    /** Waits until every entry queued before this call is written (or the wait times out, which is logged). */
    public void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long target = queued;
            while (written < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("audit log still {} entries behind after {}", target - written, timeout);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The newest entries, after those already queued are written. */
    public List<Entry> recent(int limit) {
        flush(Duration.ofSeconds(10));
        return store.recent(limit);
    }

    /** Entries given up because the queue stayed full (each also logged). */
    public long lost() {
        return lost.get();
    }

    private void writeLoop() {
        List<Entry> batch = new ArrayList<>(BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                int counted = batch.size();
                long gap = lost.getAndSet(0);
                if (gap > 0) batch.add(gapEntry(gap));
                writeUntilDone(batch);
                mirror.ifPresent(m -> m.send(batch));
                synchronized (progress) {
                    written += counted;
                    progress.notifyAll();
                }
                batch.clear();
            } catch (InterruptedException e) {
                if (!closing) Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeUntilDone(List<Entry> batch) throws InterruptedException {
        while (true) {
            try {
                store.append(batch);
                return;
            } catch (RuntimeException e) {
                if (closing) {
                    LOG.error("audit log: {} entries not written at shutdown", batch.size(), e);
                    return;
                }
                LOG.error("audit log write failed; retrying {} entries", batch.size(), e);
                Thread.sleep(RETRY_PAUSE);
            }
        }
    }

    private Entry gapEntry(long count) {
        return new Entry(
                clock.instant(), "-", "AUDIT", "audit log", 0, "", count + " entries lost: the queue stayed full");
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        writer.join(Duration.ofSeconds(30));
    }
}
