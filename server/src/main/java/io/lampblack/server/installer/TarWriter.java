package io.lampblack.server.installer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a tar archive (POSIX ustar) entry by entry onto a stream, so an installer of tens of megabytes is never held
 * in memory. Only what installers need: directories and regular files with their permission bits, owned by root
 * (uid and gid 0: unpacked by root, the files are root's; unpacked by anyone else, the unpacking user's).
 */
final class TarWriter implements AutoCloseable {

    private static final int BLOCK = 512;

    private final OutputStream out;
    private final long mtimeSeconds;

    /** @param mtimeSeconds the modification time every entry carries (seconds since the epoch) */
    TarWriter(OutputStream out, long mtimeSeconds) {
        this.out = out;
        this.mtimeSeconds = mtimeSeconds;
    }

    void directory(String name) throws IOException {
        header(name.endsWith("/") ? name : name + "/", 0755, 0, '5');
    }

    void file(String name, int mode, byte[] content) throws IOException {
        header(name, mode, content.length, '0');
        out.write(content);
        pad(content.length);
    }

    /**
     * A file copied from disk (a symbolic link is followed: the entry holds what it points to). A file that changes
     * size while it is copied fails the archive rather than writing an entry whose length lies.
     */
    void file(String name, int mode, Path source) throws IOException {
        long size = Files.size(source);
        header(name, mode, size, '0');
        long copied = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(source)) {
            int n;
            while (copied < size && (n = in.read(buf, 0, (int) Math.min(buf.length, size - copied))) > 0) {
                out.write(buf, 0, n);
                copied += n;
            }
            if (copied != size || in.read() != -1) throw new IOException(source + " changed while it was archived");
        }
        pad(size);
    }

    /** The two empty blocks that end an archive; the stream underneath is left open. */
    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    private void header(String name, int mode, long size, char type) throws IOException {
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
        octal(h, 124, 12, size);
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
        out.write(h);
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) out.write(new byte[BLOCK - rest]);
    }

    /** A zero-padded octal number in {@code len - 1} digits and a terminating NUL. */
    private static void octal(byte[] h, int off, int len, long value) throws IOException {
        String s = Long.toOctalString(value);
        if (s.length() > len - 1) throw new IOException("value too large for a tar header field: " + value);
        ascii(h, off, "0".repeat(len - 1 - s.length()) + s);
        h[off + len - 1] = 0;
    }

    private static void ascii(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
