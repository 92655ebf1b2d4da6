package io.lampblack.server.liveresponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip-compressed POSIX ustar archive written as it goes (the JDK has no tar writer): each entry's header, then
 * its content copied from a stream, padded to 512-byte blocks. Sizes beyond the 11 octal digits of the format (8 GiB)
 * use the base-256 form GNU tar and libarchive read.
 */
final class TarGzWriter implements AutoCloseable {

    private static final int BLOCK = 512;
    private final GZIPOutputStream out;

    TarGzWriter(OutputStream target) throws IOException {
        this.out = new GZIPOutputStream(target, 64 * 1024);
    }

    void add(String name, byte[] content, long mtimeSeconds) throws IOException {
        add(name, content.length, new java.io.ByteArrayInputStream(content), mtimeSeconds);
    }

    void add(String name, long size, InputStream content, long mtimeSeconds) throws IOException {
        out.write(header(name, size, mtimeSeconds));
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = content.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new IOException(name + " ended " + left + " bytes short of its size");
            out.write(buf, 0, n);
            left -= n;
        }
        int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
        out.write(new byte[pad]);
    }

    static byte[] header(String name, long size, long mtimeSeconds) {
        byte[] h = new byte[BLOCK];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 100) throw new IllegalArgumentException("tar entry name too long: " + name);
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        if (size < 077777777777L) octal(h, 124, 12, size);
        else {
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) h[135 - i] = (byte) (size >>> (8 * i));
        }
        octal(h, 136, 12, mtimeSeconds);
        h[156] = '0';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        octal(h, 148, 7, sum);
        return h;
    }

    /** {@code value} as zero-padded octal digits filling {@code len - 1} bytes, then NUL. */
    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        int digits = len - 1;
        if (s.length() > digits) throw new IllegalArgumentException("value too large for tar field: " + value);
        s = "0".repeat(digits - s.length()) + s;
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, digits);
        h[off + digits] = 0;
    }

    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.finish();
        out.flush();
    }
}
