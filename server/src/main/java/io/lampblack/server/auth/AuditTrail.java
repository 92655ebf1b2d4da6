package io.lampblack.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * {@code AUDIT} once the writer catches up, so a gap is never silent.
 *
 * <p>A batch the store cannot take because the database is unreachable (a connection failure) is retried, with a
 * pause, until it is written or the server stops. A batch refused for anything else (an entry the database will not
 * take) is written entry by entry instead, and the entries refused on their own are dropped, counted
 * ({@link #dropped}) and logged: one bad entry never stops the log. Entries recorded once the server is closing and
 * the writer has stopped are counted too ({@link #lost}), and logged.
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
    private final AtomicLong lostTotal = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong purged = new AtomicLong();
    private final ScheduledExecutorService purger = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("audit-purge").daemon(true).factory());
    private final Thread writer;
    private final Object progress = new Object();
    private long queued; // guarded by progress
    private long written; // guarded by progress
    private volatile boolean closing;
    private volatile boolean closed;

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
        if (closed) {
            lostAfterClose(entry);
            return;
        }
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
        lostTotal.incrementAndGet();
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

    /** Entries given up since start because the queue stayed full or the server was closing (each also logged). */
    public long lost() {
        return lostTotal.get();
    }

    /** Entries the store refused on their own since start (each also logged). */
    public long dropped() {
        return dropped.get();
    }

    /** Entries deleted since start for being older than the retention. */
    public long purged() {
        return purged.get();
    }

    /**
     * Deletes the entries older than {@code retention} a minute after start and then once a day ({@link #purge}).
     */
    public AuditTrail purgeDaily(Duration retention) {
        purger.scheduleWithFixedDelay(
                () -> {
                    try {
                        purge(retention);
                    } catch (RuntimeException e) {
                        LOG.error("audit log purge failed (retried tomorrow)", e);
                    }
                },
                60,
                Duration.ofDays(1).toSeconds(),
                TimeUnit.SECONDS);
        return this;
    }

    /** Deletes the entries older than {@code retention} by the server clock; returns how many (also counted, logged). */
    public int purge(Duration retention) {
        int n = store.deleteBefore(clock.instant().minus(retention));
        purged.addAndGet(n);
        if (n > 0) LOG.info("audit log: {} entries older than {} days deleted", n, retention.toDays());
        return n;
    }

    private void lostAfterClose(Entry entry) {
        long n = lostTotal.incrementAndGet();
        LOG.error(
                "audit log closed: entry of {} {} {} (status {}) lost ({} so far)",
                entry.username(),
                entry.method(),
                entry.path(),
                entry.status(),
                n);
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
        if (appendRetrying(batch) || batch.size() == 1) return;
        // Refused, not for want of a connection: some entry is unacceptable. Write each alone, dropping the bad ones.
        for (Entry e : batch) appendRetrying(List.of(e));
    }

    /**
     * Appends, retrying while the database is unreachable. False when the store refused the entries for another
     * reason; a single refused entry is then dropped and counted.
     */
    private boolean appendRetrying(List<Entry> entries) throws InterruptedException {
        while (true) {
            try {
                store.append(entries);
                return true;
            } catch (RuntimeException e) {
                if (!store.unreachable(e)) {
                    if (entries.size() == 1) {
                        Entry x = entries.getFirst();
                        long n = dropped.incrementAndGet();
                        LOG.error(
                                "audit log: entry of {} {} {} (status {}) refused by the database and dropped ({} so"
                                        + " far)",
                                x.username(),
                                x.method(),
                                x.path(),
                                x.status(),
                                n,
                                e);
                    } else {
                        LOG.warn("audit log: batch of {} refused; writing its entries one by one", entries.size(), e);
                    }
                    return false;
                }
                if (closing) {
                    LOG.error("audit log: {} entries not written at shutdown", entries.size(), e);
                    lostTotal.addAndGet(entries.size());
                    return true;
                }
                LOG.error("audit log write failed (database unreachable); retrying {} entries", entries.size(), e);
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
        purger.shutdownNow();
        writer.join(Duration.ofSeconds(30));
        closed = true;
        // Recorded while the writer was finishing, after its last look at the queue.
        List<Entry> late = new ArrayList<>();
        queue.drainTo(late);
        late.forEach(this::lostAfterClose);
    }
}
