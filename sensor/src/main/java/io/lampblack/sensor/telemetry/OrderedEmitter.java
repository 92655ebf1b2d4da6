package io.lampblack.sensor.telemetry;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
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
 * not fit is counted as dropped, never silently lost.
 */
final class OrderedEmitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderedEmitter.class);
    private static final int CAPACITY = 65_536;
    /**
     * How long an event waits for its inputs at most (a hash of a huge file on a slow disk); then it is built with
     * what is known, so that one slow file never holds up the events behind it for long.
     */
    private static final long READY_WAIT_SECONDS = 10;

    private record Pending(CompletableFuture<?> ready, Supplier<List<CbEventMsg>> events) {}

    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final EventSink sink;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    OrderedEmitter(EventSink sink) {
        this.sink = sink;
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
                p.ready.handle((v, t) -> null).get(READY_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                // it completed one way or another; the supplier makes do with what is known
            }
            try {
                for (CbEventMsg event : p.events.get()) {
                    sink.accept(event);
                    delivered.incrementAndGet();
                }
            } catch (RuntimeException e) {
                LOG.warn("Telemetry event could not be built or delivered; dropped", e);
                dropped.incrementAndGet();
            }
        }
    }

    /** Delivers what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
