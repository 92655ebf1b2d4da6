package io.lampblack.server.bus;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The bounded queue between ingest and an export's own thread (raw export to the bus, raw events to Redis): bounded
 * by items and by the bytes each holds, so that ingest never waits; an item that does not fit is refused and the
 * caller sheds (and counts) it. Closing hands what is queued to the worker, then stops it.
 *
 * @param <T> what is queued
 */
final class ExportQueue<T> implements AutoCloseable {

    private static final Object STOP = new Object();

    private final BlockingQueue<Object> queue;
    private final long maxBytes;
    private final ToLongFunction<T> bytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread worker;

    /**
     * @param maxItems items waiting, at most
     * @param maxBytes their bytes, at most
     * @param bytes    the bytes one item holds while queued
     * @param work     called on the worker thread with each item, in order; must not throw
     * @param stopped  called on the worker thread once it stops
     */
    ExportQueue(
            String threadName,
            int maxItems,
            long maxBytes,
            ToLongFunction<T> bytes,
            Consumer<T> work,
            Runnable stopped) {
        this.queue = new ArrayBlockingQueue<>(maxItems);
        this.maxBytes = maxBytes;
        this.bytes = bytes;
        this.worker = Thread.ofPlatform().name(threadName).daemon(true).start(() -> run(work, stopped));
    }

    /** Queues an item; false (nothing queued) when the queue is full by items or by bytes. */
    boolean offer(T item) {
        long b = bytes.applyAsLong(item);
        if (queuedBytes.addAndGet(b) > maxBytes || !queue.offer(item)) {
            queuedBytes.addAndGet(-b);
            return false;
        }
        return true;
    }

    int size() {
        return queue.size();
    }

    @SuppressWarnings("unchecked")
    private void run(Consumer<T> work, Runnable stopped) {
        try {
            while (true) {
                Object o;
                try {
                    o = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (o == STOP) return;
                T item = (T) o;
                queuedBytes.addAndGet(-bytes.applyAsLong(item));
                work.accept(item);
            }
        } finally {
            stopped.run();
        }
    }

    /** Hands what is queued to the worker, then stops it (interrupted if the queue stays full for 5 s). */
    @Override
    public void close() {
        try {
            if (!queue.offer(STOP, 5, TimeUnit.SECONDS)) worker.interrupt();
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
