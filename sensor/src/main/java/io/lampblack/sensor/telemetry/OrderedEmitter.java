package io.lampblack.sensor.telemetry;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to the sink in the order they were observed, each once what it waits for (the hashes of the files it
 * names) is known. The sources never wait: they queue an event and its inputs and go back to the kernel. One thread
 * builds and delivers, so a process's end never reaches the sink before its start. The queue is bounded; what does
 * not fit is counted as dropped, never silently lost. Nothing reaches the sink once {@link #close()} has returned
 * (the agent closes what the sink writes to next): what could not be delivered by then is counted as dropped.
 */
final class OrderedEmitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderedEmitter.class);
    private static final int CAPACITY = 65_536;
    /**
     * How long an event waits for its inputs at most (a hash of a huge file on a slow disk); then it is built with
     * what is known, so that one slow file never holds up the events behind it for long.
     */
    private static final Duration READY_WAIT = Duration.ofSeconds(10);

    /** How long closing waits for what is queued to be delivered. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private record Pending(CompletableFuture<?> ready, Supplier<List<CbEventMsg>> events) {}

    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final EventSink sink;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Duration readyWait;
    private final Duration closeWait;
    private volatile boolean running = true;
    /** Held while delivering; guards {@link #open}. */
    private final Object delivery = new Object();
    /** Whether the sink may still be called. */
    private boolean open = true;

    OrderedEmitter(EventSink sink) {
        this(sink, READY_WAIT, CLOSE_WAIT);
    }

    OrderedEmitter(EventSink sink, Duration readyWait, Duration closeWait) {
        this.sink = sink;
        this.readyWait = readyWait;
        this.closeWait = closeWait;
        this.thread = Thread.ofPlatform().daemon().name("telemetry-emit").start(this::run);
    }

    /**
     * Queues events to build once {@code ready} completes (normally or not); false when the queue is full and they
     * were dropped.
     */
    boolean submit(CompletableFuture<?> ready, Supplier<List<CbEventMsg>> events) {
        if (!running || !queue.offer(new Pending(ready, events))) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    boolean submit(Supplier<List<CbEventMsg>> events) {
        return submit(CompletableFuture.completedFuture(null), events);
    }

    long delivered() {
        return delivered.get();
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Pending p;
            try {
                p = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
                continue;
            }
            if (p == null) {
                continue;
            }
            try {
                p.ready.handle((v, t) -> null).get(readyWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // it completed one way or another (or closing cut the wait); the supplier makes do with what is known
            }
            try {
                List<CbEventMsg> events = p.events.get();
                synchronized (delivery) {
                    if (!open) {
                        dropped.incrementAndGet();
                        break;
                    }
                    for (CbEventMsg event : events) {
                        sink.accept(event);
                        delivered.incrementAndGet();
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Telemetry event could not be built or delivered; dropped", e);
                dropped.incrementAndGet();
            }
        }
    }

    /**
     * Delivers what is queued (waiting up to ten seconds), then stops: once it returns, the sink is not called again,
     * and what was still queued is counted as dropped.
     */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(closeWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (delivery) {
            open = false;
        }
        thread.interrupt(); // a wait for a slow hash ends; what it waited for is dropped
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        dropped.addAndGet(rest.size());
    }
}
