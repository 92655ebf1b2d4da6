package io.lampblack.sensor.telemetry;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that reads a non-blocking kernel notification descriptor (fanotify, inotify) in batches and hands each
 * batch to its source. It waits with poll(2) in short turns rather than a blocking read, so that closing it needs no
 * other syscall to wake it; closing stops the thread, then closes the descriptor.
 */
final class NotificationReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationReader.class);

    /** What a source does with one batch: {@code n} bytes of records at the start of {@code buf}. */
    interface Batch {
        void read(MemorySegment buf, long n);
    }

    private final int fd;
    private final String name;
    private final Thread thread;
    private volatile boolean running = true;

    NotificationReader(int fd, String name, Batch batch) {
        this.fd = fd;
        this.name = name;
        this.thread = Thread.ofPlatform().daemon().name("telemetry-" + name).unstarted(() -> run(batch));
    }

    void start() {
        thread.start();
    }

    private void run(Batch batch) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64 * 1024, 8);
            while (running) {
                if (Libc.pollReadable(fd, 250) <= 0) {
                    continue;
                }
                long n = Libc.read(fd, buf);
                if (n > 0) {
                    batch.read(buf, n);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("{} reader failed; file events from it stop", name, e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Libc.close(fd);
    }
}
