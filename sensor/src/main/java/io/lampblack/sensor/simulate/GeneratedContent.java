package io.lampblack.sensor.simulate;

import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The content of a simulated file that nobody wrote: {@code size} bytes generated as they are read, the same for the
 * same seed however the file is read (whole, or from an offset), so that a file of gigabytes costs no memory and two
 * reads agree. Text files get printable lines, others bytes of every value. A read fails once {@code cancelled}
 * answers true, which is how a cancelled transfer stops.
 */
final class GeneratedContent extends InputStream {

    private static final int BLOCK = 64 * 1024;
    private static final byte[] TEXT = "abcdefghijklmnopqrstuvwxyz0123456789 ,.:=-/\n".getBytes();

    private final long seed;
    private final long end;
    private final boolean text;
    private final BooleanSupplier cancelled;
    private final byte[] block = new byte[BLOCK];
    private long blockIndex = -1;
    private long position;

    /**
     * @param seed      what the bytes derive from (the file's identity)
     * @param size      the whole file's length
     * @param offset    where reading starts
     * @param count     how many bytes to read at most (negative: to the end)
     * @param text      printable lines instead of any bytes
     * @param cancelled polled while reading: true ends the read with an error
     */
    GeneratedContent(long seed, long size, long offset, long count, boolean text, BooleanSupplier cancelled) {
        this.seed = seed;
        this.position = Math.min(Math.max(0, offset), size);
        this.end = count < 0 ? size : Math.min(size, position + count);
        this.text = text;
        this.cancelled = cancelled;
    }

    GeneratedContent(long seed, long size, boolean text) {
        this(seed, size, 0, -1, text, () -> false);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (position >= end) return -1;
        if (cancelled.getAsBoolean()) throw new IOException("the transfer was cancelled");
        long index = position / BLOCK;
        if (index != blockIndex) fill(index);
        int at = (int) (position % BLOCK);
        int n = (int) Math.min(Math.min(len, BLOCK - at), end - position);
        System.arraycopy(block, at, b, off, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    private void fill(long index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        if (text) {
            for (int i = 0; i < BLOCK; i++) block[i] = TEXT[r.nextInt(TEXT.length)];
        } else {
            r.nextBytes(block);
        }
        blockIndex = index;
    }
}
