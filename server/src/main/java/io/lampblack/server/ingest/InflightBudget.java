package io.lampblack.server.ingest;

import io.lampblack.protocol.DecodeLimits;
import io.lampblack.server.problem.Problem;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The heap that event-log uploads take while they are received and decoded: bounded across all sensors, and per
 * sensor to a share of that, so that one sensor (or one attacker holding its credentials) cannot take the whole
 * budget and starve the others. Each upload holds a {@link Lease}, reserved step by step as its bytes arrive and as
 * it is decoded (never for what a request merely announces), and given back whole when the request ends.
 *
 * <p>Past the global budget an upload waits a short while for others to finish, then is refused as unavailable;
 * past its sensor's share it is refused at once (that sensor is the one holding the memory), and an upload that
 * could never fit in a share is too large.
 */
public final class InflightBudget {

    /** What a refused sensor is told to wait: about how long a typical upload holds its memory, with a margin. */
    static final int RETRY_AFTER_SECONDS = 5;

    /** Permits are KiB, so that a budget of up to 2 TiB fits a semaphore's int. */
    private final Semaphore kib;

    private final long totalBytes;
    private final long perSensorBytes;
    private final Duration wait;
    private final ConcurrentHashMap<Integer, Long> heldBySensor = new ConcurrentHashMap<>();

    /**
     * @param totalBytes     heap all uploads in progress may hold at once
     * @param sharePercent   percent of {@code totalBytes} one sensor's uploads may hold at once
     * @param wait           how long an upload waits for the global budget before it is refused
     */
    public InflightBudget(long totalBytes, int sharePercent, Duration wait) {
        this.totalBytes = totalBytes;
        this.kib = new Semaphore((int) Math.min(Integer.MAX_VALUE, totalBytes >> 10), true);
        this.perSensorBytes = Math.max(1, totalBytes * sharePercent / 100);
        this.wait = wait;
    }

    /** A new, empty lease for one upload of {@code sensorId}; close it when the request ends. */
    public Lease lease(int sensorId) {
        return new Lease(sensorId);
    }

    /** Bytes reserved now by all leases (for tests and metrics). */
    public long inUse() {
        return totalBytes - ((long) kib.availablePermits() << 10);
    }

    /** The memory one upload holds. Not thread-safe: one request reads and decodes one upload on one thread. */
    public final class Lease implements DecodeLimits.HeapReservation, AutoCloseable {
        private final int sensorId;
        private long bytes;
        private int permits;
        private boolean closed;

        private Lease(int sensorId) {
            this.sensorId = sensorId;
        }

        /**
         * Reserves {@code n} more bytes for this upload.
         *
         * @throws Refused too large (413), over the sensor's share (429), or the server's budget stayed full (503)
         */
        @Override
        public void reserve(long n) {
            if (n <= 0) return;
            if (closed) throw new IllegalStateException("lease already given back");
            long wanted = bytes + n;
            if (wanted > perSensorBytes) {
                throw new Refused(
                        Problem.Kind.TOO_LARGE,
                        "upload_too_large",
                        "the upload would take more than " + perSensorBytes
                                + " bytes of server memory once decoded, the most one sensor may hold",
                        0);
            }
            boolean[] fits = {false};
            heldBySensor.compute(sensorId, (id, held) -> {
                long now = held == null ? 0 : held;
                if (now + n > perSensorBytes) return held;
                fits[0] = true;
                return now + n;
            });
            if (!fits[0]) {
                throw new Refused(
                        Problem.Kind.TOO_MANY,
                        "sensor_busy",
                        "this sensor's uploads in progress already hold its share of the server's memory;"
                                + " send this one again when they are done",
                        RETRY_AFTER_SECONDS);
            }
            int more = (int) (((wanted + 1023) >> 10) - permits);
            boolean acquired = false;
            try {
                acquired = more <= 0 || kib.tryAcquire(more, wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!acquired) {
                giveBackSensor(n);
                throw new Refused(
                        Problem.Kind.UNAVAILABLE,
                        "server_busy",
                        "the server is receiving as many uploads as its memory allows; send this one again later",
                        RETRY_AFTER_SECONDS);
            }
            bytes = wanted;
            permits += Math.max(0, more);
        }

        /** Bytes this upload holds. */
        public long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            kib.release(permits);
            giveBackSensor(bytes);
        }

        private void giveBackSensor(long n) {
            if (n == 0) return;
            heldBySensor.computeIfPresent(sensorId, (id, held) -> held - n <= 0 ? null : held - n);
        }
    }

    /** An upload the budget cannot take (now, or ever). */
    public static final class Refused extends RuntimeException implements Problem {
        private final Kind kind;
        private final String reason;
        private final int retryAfterSeconds;

        Refused(Kind kind, String reason, String message, int retryAfterSeconds) {
            super(message, null, false, false);
            this.kind = kind;
            this.reason = reason;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public String reason() {
            return reason;
        }

        @Override
        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
