package io.lampblack.server.tar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a tar archive (POSIX ustar) entry by entry onto a stream, so that an archive of gigabytes is never held in
 * memory: directories and regular files with their permission bits, owned by root (uid and gid 0: unpacked by root,
 * the files are root's; unpacked by anyone else, the unpacking user's). A path longer than 100 bytes is split at a
 * slash into ustar's prefix field; a size beyond its 11 octal digits (8 GiB) takes the base-256 form GNU tar, bsdtar
 * and libarchive read.
 *
 * <p>An archive one of whose entries failed is not ended (no end blocks): a reader sees it cut short, never complete.
 * The stream underneath is the caller's; closing the writer leaves it open.
 */
public final class TarWriter implements AutoCloseable {

    private static final int BLOCK = 512;

    /** Largest size the 11 octal digits of the size field hold; larger ones are written in base 256. */
    private static final long MAX_OCTAL_SIZE = 077777777777L;

    private final OutputStream out;
    private final long mtimeSeconds;
    private final Runnable onClose;
    private boolean failed;

    /** @param mtimeSeconds the modification time every entry carries (seconds since the epoch) */
    public TarWriter(OutputStream out, long mtimeSeconds) {
        this(out, mtimeSeconds, () -> {});
    }

    private TarWriter(OutputStream out, long mtimeSeconds, Runnable onClose) {
        this.out = out;
        this.mtimeSeconds = mtimeSeconds;
        this.onClose = onClose;
    }

    /**
     * A tar archive gzipped at {@code level} ({@link java.util.zip.Deflater}'s levels) onto {@code out}. Closing it
     * ends the gzip stream and frees its native compressor (also when the archive failed), leaving {@code out} open.
     */
    public static TarWriter gzipped(OutputStream out, long mtimeSeconds, int level) throws IOException {
        Gzip gz = new Gzip(out, level);
        return new TarWriter(gz, mtimeSeconds, gz::end);
    }

    public void directory(String name) throws IOException {
        entry(() -> header(name.endsWith("/") ? name : name + "/", 0755, 0, '5'));
    }

    public void file(String name, int mode, byte[] content) throws IOException {
        entry(() -> {
            header(name, mode, content.length, '0');
            out.write(content);
            pad(content.length);
        });
    }

    /**
     * A file of {@code size} bytes read from {@code content}; a stream that ends sooner fails the archive (its entry
     * would lie about its length), one that holds more is read no further.
     */
    public void file(String name, int mode, long size, InputStream content) throws IOException {
        entry(() -> {
            header(name, mode, size, '0');
            copy(name, size, content);
            pad(size);
        });
    }

    /**
     * A file copied from disk (a symbolic link is followed: the entry holds what it points to). A file that changes
     * size while it is copied fails the archive rather than writing an entry whose length lies.
     */
    public void file(String name, int mode, Path source) throws IOException {
        entry(() -> {
            long size = Files.size(source);
            header(name, mode, size, '0');
            try (InputStream in = Files.newInputStream(source)) {
                copy(source.toString(), size, in);
                if (in.read() != -1) throw new IOException(source + " changed while it was archived");
            }
            pad(size);
        });
    }

    /** The two empty blocks that end an archive (unless an entry failed); the stream underneath is left open. */
    @Override
    public void close() throws IOException {
        try {
            if (!failed) {
                out.write(new byte[2 * BLOCK]);
                if (out instanceof Gzip gz) gz.finish();
                out.flush();
            }
        } finally {
            onClose.run();
        }
    }

    private interface Entry {
        void write() throws IOException;
    }

    private void entry(Entry e) throws IOException {
        if (failed) throw new IOException("an earlier entry of this archive failed");
        try {
            e.write();
        } catch (IOException | RuntimeException x) {
            failed = true;
            throw x;
        }
    }

    private void copy(String what, long size, InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new IOException(what + " ended " + left + " bytes short of its size " + size);
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private void header(String name, int mode, long size, char type) throws IOException {
        out.write(header(name, mode, size, type, mtimeSeconds));
    }

    /** The 512-byte header block of an entry. */
    static byte[] header(String name, int mode, long size, char type, long mtimeSeconds) throws IOException {
        byte[] h = new byte[BLOCK];
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        if (path.length <= 100) {
            System.arraycopy(path, 0, h, 0, path.length);
        } else {
            // ustar splits a long path at a slash: up to 155 bytes of prefix, up to 100 of name.
            int slash = name.lastIndexOf('/', name.length() - 2);
            byte[] prefix = slash < 0 ? path : name.substring(0, slash).getBytes(StandardCharsets.UTF_8);
            byte[] rest = slash < 0 ? path : name.substring(slash + 1).getBytes(StandardCharsets.UTF_8);
            if (slash < 0 || prefix.length > 155 || rest.length > 100) {
                throw new IOException("path too long for a tar entry: " + name);
            }
            System.arraycopy(rest, 0, h, 0, rest.length);
            System.arraycopy(prefix, 0, h, 345, prefix.length);
        }
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0); // uid
        octal(h, 116, 8, 0); // gid
        if (size <= MAX_OCTAL_SIZE) {
            octal(h, 124, 12, size);
        } else {
            h[124] = (byte) 0x80; // base 256: a marker byte, then the size big-endian in the field's last 8 bytes
            for (int i = 0; i < 8; i++) h[135 - i] = (byte) (size >>> (8 * i));
        }
        octal(h, 136, 12, mtimeSeconds);
        Arrays.fill(h, 148, 156, (byte) ' '); // the checksum is summed with its own field as spaces
        h[156] = (byte) type;
        ascii(h, 257, "ustar\0");
        ascii(h, 263, "00");
        ascii(h, 265, "root");
        ascii(h, 297, "root");
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        octal(h, 148, 7, sum);
        h[155] = ' ';
        return h;
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) out.write(new byte[BLOCK - rest]);
    }

    /** A zero-padded octal number in {@code len - 1} digits and a terminating NUL. */
    private static void octal(byte[] h, int off, int len, long value) throws IOException {
        String s = Long.toOctalString(value);
        if (value < 0 || s.length() > len - 1)
            throw new IOException("value out of range for a tar header field: " + value);
        ascii(h, off, "0".repeat(len - 1 - s.length()) + s);
        h[off + len - 1] = 0;
    }

    private static void ascii(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    /**
     * Gzip at a chosen level over a stream it does not own: {@link #end} frees the native compressor, which
     * {@link GZIPOutputStream#finish} does not, without closing the stream beneath.
     */
    private static final class Gzip extends GZIPOutputStream {
        Gzip(OutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
        }

        void end() {
            def.end();
        }
    }
}
