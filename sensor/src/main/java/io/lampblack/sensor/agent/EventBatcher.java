package io.lampblack.sensor.agent;

import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.sensor.telemetry.EventSink;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where telemetry hands its events: those of kinds the sensor's group does not collect are dropped here (the server
 * would drop them anyway), the others are batched into event logs (Carbon Black framing, gzip) and spooled. A batch
 * is closed at {@code maxEvents}, {@code maxBytes} or {@code maxDelay} after its first event, whichever comes first.
 * {@link #accept} never blocks: when the queue in front of the writer is full the event is dropped and counted.
 */
final class EventBatcher implements EventSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventBatcher.class);
    /** How soon a batch closes while a flush action asks for events at once. */
    private static final long FLUSHING_DELAY_MILLIS = 100;

    /**
     * @param maxEvents   events per event log at most
     * @param maxBytes    framed (uncompressed) bytes per event log at most
     * @param maxDelay    how long the first event of a batch waits for others
     * @param queueEvents events waiting for the writer at most (beyond: dropped, counted)
     * @param queueBytes  serialized bytes of the events waiting for the writer at most (beyond: dropped, counted);
     *                    in the heap a protobuf event takes several times its serialized size, so 16 MiB of them is
     *                    already a good part of the sensor's 96 MiB: drops are counted before the heap runs out
     */
    record Limits(int maxEvents, int maxBytes, Duration maxDelay, int queueEvents, long queueBytes) {
        static final Limits DEFAULT = new Limits(5_000, 2 << 20, Duration.ofSeconds(1), 100_000, 16L << 20);
    }

    private final EventSpool spool;
    private final AgentState state;
    private final Limits limits;
    private final LinkedBlockingQueue<CbEventMsg> queue;
    private final AtomicLong droppedUnsaved = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;
    private volatile boolean flushRequested;
    private volatile Instant flushingUntil = Instant.EPOCH;
    /** Unexpected failures of the writer's loop (logged at the first and every thousandth). */
    private long unexpected;

    EventBatcher(EventSpool spool, AgentState state, Limits limits) {
        this.spool = spool;
        this.state = state;
        this.limits = limits;
        this.queue = new LinkedBlockingQueue<>(limits.queueEvents());
        this.writer =
                Thread.ofPlatform().name("sensor-spool-writer").daemon(true).start(this::run);
    }

    @Override
    public void accept(CbEventMsg event) {
        if (!running || !state.collects(EventKind.of(event))) return;
        // Bounded by bytes as well as by count: a burst of huge events (long command lines) must not fill the heap.
        int size = event.getSerializedSize();
        if (queuedBytes.addAndGet(size) > limits.queueBytes() || !queue.offer(event)) {
            queuedBytes.addAndGet(-size);
            droppedUnsaved.incrementAndGet();
        }
    }

    /** Closes the batch being gathered now; until {@code until}, batches close after a tenth of a second. */
    void flush(Instant until) {
        flushingUntil = until;
        flushRequested = true;
    }

    private void run() {
        List<CbEventMsg> batch = new ArrayList<>();
        long batchBytes = 0;
        long firstAt = 0;
        while (running || !queue.isEmpty()) {
            try {
                long delay = Instant.now().isBefore(flushingUntil)
                        ? FLUSHING_DELAY_MILLIS
                        : limits.maxDelay().toMillis();
                // Never interrupted (an interrupt would close the spool file being written): flags are looked at
                // at least every 200 ms.
                long wait = Math.min(200, batch.isEmpty() ? 200 : Math.max(0, firstAt + delay - nowMillis()));
                CbEventMsg e = queue.poll(wait, TimeUnit.MILLISECONDS);
                if (e != null) {
                    int size = e.getSerializedSize();
                    queuedBytes.addAndGet(-size);
                    if (batch.isEmpty()) firstAt = nowMillis();
                    batch.add(e);
                    batchBytes += EventLogWriter.PREFIX_BYTES + size;
                }
                boolean full = batch.size() >= limits.maxEvents() || batchBytes >= limits.maxBytes();
                boolean due = !batch.isEmpty() && nowMillis() - firstAt >= delay;
                if (full || due || (flushRequested && queue.isEmpty())) {
                    flushRequested = false;
                    write(batch);
                    batch = new ArrayList<>();
                    batchBytes = 0;
                }
                saveDrops();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // A bug must not end the writer: the sensor would go on checking in and report nothing. The batch
                // at hand may be what broke it, so it is dropped and counted; an Error ends the sensor's process.
                if (unexpected++ % 1000 == 0) LOG.error("the spool writer failed ({} times so far)", unexpected, e);
                state.dropped(batch.size(), 0);
                batch = new ArrayList<>();
                batchBytes = 0;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // no busy loop if it fails every time
            }
        }
        write(batch);
        saveDrops();
    }

    /** Milliseconds of the monotonic clock: a batch's delay never stretches or shrinks when the wall clock is set. */
    private static long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    private void write(List<CbEventMsg> batch) {
        if (batch.isEmpty()) return;
        try {
            spool.add(EventLogWriter.gzip(EventLogWriter.frame(batch)), batch.size());
        } catch (IOException | RuntimeException e) {
            // The disk refused it (full, read-only): the events are lost, and counted as such.
            LOG.error("cannot spool {} events: {}", batch.size(), e.toString());
            state.dropped(batch.size(), 1);
        }
    }

    private void saveDrops() {
        long n = droppedUnsaved.getAndSet(0);
        if (n > 0) {
            LOG.warn("{} events dropped: the spool writer could not keep up", n);
            state.dropped(n, 0);
        }
    }

    /** Stops taking events and spools what was taken. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
