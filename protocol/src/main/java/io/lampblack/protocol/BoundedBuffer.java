package io.lampblack.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** A growable byte array that refuses to grow past a limit: the bomb guard for decompression. */
final class BoundedBuffer {
    private final int limit;
    private final DecodeLimits.HeapReservation heap;
    private byte[] bytes;
    private int size;

    /** @param heap told of every allocation before it is made (it may refuse by throwing) */
    BoundedBuffer(int limit, int expectedSize, DecodeLimits.HeapReservation heap) {
        this.limit = limit;
        this.heap = heap;
        if (limit < 0) {
            throw new IllegalArgumentException("Negative size limit " + limit);
        }
        int initial = Math.clamp(expectedSize, Math.min(256, limit), limit);
        heap.reserve(initial);
        this.bytes = new byte[initial];
    }

    int size() {
        return size;
    }

    /** Drains {@code in}; {@code what} names the source in the size-limit message. */
    void readFully(InputStream in, String what) throws IOException, EventLogTooLargeException {
        while (true) {
            if (size == bytes.length) {
                if (size >= limit) {
                    // Full at the limit: one more byte available means the input is too large.
                    if (in.read() < 0) {
                        return;
                    }
                    throw new EventLogTooLargeException(limit, what);
                }
                int grown = (int) Math.min(limit, Math.max(1024L, 2L * size));
                heap.reserve(grown - bytes.length);
                bytes = Arrays.copyOf(bytes, grown);
            }
            int n = in.read(bytes, size, bytes.length - size);
            if (n < 0) {
                return;
            }
            size += n;
        }
    }

    /** The content, without a copy when the buffer happens to be exactly full. */
    byte[] toArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
}
