package io.lampblack.server.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The minimum upload rate of {@link Exchange#readGrowing}, on a clock the test moves: each read of the fake body
 * takes as long as the test says, so no real time passes.
 */
class ExchangeBodyTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    private static final long MIN_RATE = 4096;

    /** A body whose reads return the given sizes, each after the given number of (fake) seconds. */
    private static final class Paced extends InputStream {
        final long[] clock = {0};
        private final int[] sizes;
        private final long[] seconds;
        private int next;

        Paced(int[] sizes, long[] seconds) {
            this.sizes = sizes;
            this.seconds = seconds;
        }

        long nanoTime() {
            return clock[0];
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (next == sizes.length) return -1;
            clock[0] += TimeUnit.SECONDS.toNanos(seconds[next]);
            int n = Math.min(len, sizes[next]);
            sizes[next] -= n;
            if (sizes[next] == 0) next++;
            return n;
        }
    }

    private static Exchange.BodyLimits limits() {
        return new Exchange.BodyLimits(64L << 20, READ_TIMEOUT, MIN_RATE, bytes -> {});
    }

    /**
     * 1 MiB at once, then a byte every 19 s (never idle for the 20 s read timeout): averaged from the start, that
     * stays above 4 KiB/s for over four minutes; judged a read timeout at a time, the stretch after the burst's is far
     * below it (a stretch ends at the first read past the read timeout, so two stretches take up to four of them).
     */
    @Test
    void aBurstThenATrickleIsCutOffWithinFourReadTimeouts() {
        int reads = 100;
        int[] sizes = new int[reads];
        long[] seconds = new long[reads];
        sizes[0] = 1 << 20;
        for (int i = 1; i < reads; i++) {
            sizes[i] = 1;
            seconds[i] = 19;
        }
        Paced body = new Paced(sizes, seconds);
        ApiException e =
                assertThrows(ApiException.class, () -> Exchange.readGrowing(body, 2L << 20, limits(), body::nanoTime));
        assertEquals(408, e.status());
        long cutAfter = TimeUnit.NANOSECONDS.toSeconds(body.clock[0]);
        assertTrue(cutAfter <= 4 * READ_TIMEOUT.toSeconds(), "cut off after " + cutAfter + " s");
    }

    /** A body that keeps the rate in every stretch is read whole, its last few bytes included. */
    @Test
    void aSteadyBodyAtTheRateIsReadWhole() throws Exception {
        int reads = 30;
        int[] sizes = new int[reads];
        long[] seconds = new long[reads];
        for (int i = 0; i < reads; i++) {
            sizes[i] = (int) MIN_RATE * 5;
            seconds[i] = 4;
        }
        sizes[reads - 1] = 7;
        long total = (long) MIN_RATE * 5 * (reads - 1) + 7;
        Paced body = new Paced(sizes, seconds);
        byte[] read = Exchange.readGrowing(body, total, limits(), body::nanoTime);
        assertEquals(total, read.length);
    }

    /** Time spent waiting for memory is not the client's: a body that waited for it is not too slow. */
    @Test
    void theServersWaitForMemoryDoesNotCountAgainstTheRate() throws Exception {
        int[] sizes = {64 * 1024, 64 * 1024};
        long[] seconds = {1, 1};
        Paced body = new Paced(sizes, seconds);
        // Growing past the first 64 KiB waits 60 s for the budget.
        Exchange.BodyLimits waiting = new Exchange.BodyLimits(
                64L << 20, READ_TIMEOUT, MIN_RATE, bytes -> body.clock[0] += TimeUnit.SECONDS.toNanos(60));
        byte[] read = Exchange.readGrowing(body, -1, waiting, body::nanoTime);
        assertArrayEquals(new byte[128 * 1024], read);
    }
}
