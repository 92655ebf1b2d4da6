package io.lampblack.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** A growable byte array that refuses to grow past a limit: the bomb guard for decompression. */
final class BoundedBuffer {
    private final int limit;
    private byte[] bytes;
    private int size;

    BoundedBuffer(int limit, int expectedSize) {
        this.limit = limit;
        if (limit < 0) {
            throw new IllegalArgumentException("Negative size limit " + limit);
        }
        this.bytes = new byte[Math.clamp(expectedSize, Math.min(256, limit), limit)];
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
                bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(1024L, 2L * size)));
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
