package io.lampblack.server.binary;

import io.lampblack.server.problem.Problem.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binary store on local disk: {@code <root>/<first two hex digits>/<MD5>.gz}, one gzip file per MD5 (upper
 * case). A file is written to {@code <root>/tmp/} while its MD5 is computed, fsync'ed, checked against the MD5 it
 * claims, then renamed into place atomically and the directory fsync'ed, so the store never shows a partial or
 * mislabelled file, even after a crash; leftovers in {@code tmp/} are deleted at start.
 */
public final class FileBinaryStore implements BinaryStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileBinaryStore.class);
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Path tmp;
    private final BinaryObservations observers;
    private final Clock clock;

    public FileBinaryStore(Path root, BinaryObservations observers, Clock clock) throws IOException {
        this.root = root;
        this.tmp = root.resolve("tmp");
        this.observers = observers;
        this.clock = clock;
        Files.createDirectories(tmp);
        try (var leftovers = Files.list(tmp)) {
            for (Path p : leftovers.toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Where the file of {@code md5} lives (whether or not it is there). */
    public Path path(String md5) {
        String upper = md5.toUpperCase(Locale.ROOT);
        return root.resolve(upper.substring(0, 2)).resolve(upper + ".gz");
    }

    @Override
    public Stored put(String md5, InputStream content, long maxBytes) throws Rejected, IOException {
        if (!ModuleInfo.isMd5(md5)) {
            throw new Rejected(Kind.INVALID, "bad_md5", "'" + md5 + "' is not an MD5 (32 hex digits)");
        }
        String upper = md5.toUpperCase(Locale.ROOT);
        Path target = path(upper);
        if (Files.exists(target)) {
            return new Stored(describe(upper, target, gzipSize(target)), true);
        }
        Path part = tmp.resolve(UUID.randomUUID() + ".part");
        long size = 0;
        MessageDigest digest = md5Digest();
        try {
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream gzip = new GZIPOutputStream(Channels.newOutputStream(channel), BUFFER)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = content.read(buffer)) > 0; ) {
                    size += n;
                    if (size > maxBytes) {
                        throw new Rejected(
                                Kind.TOO_LARGE,
                                "binary_too_large",
                                "the file exceeds the limit of " + maxBytes
                                        + " bytes (server setting max-binary-upload)");
                    }
                    digest.update(buffer, 0, n);
                    gzip.write(buffer, 0, n);
                }
                ((GZIPOutputStream) gzip).finish();
                gzip.flush();
                channel.force(true);
            }
            String actual = HexFormat.of().withUpperCase().formatHex(digest.digest());
            if (!actual.equals(upper)) {
                throw new Rejected(
                        Kind.INVALID,
                        "md5_mismatch",
                        "the content's MD5 is " + actual + ", not " + upper + " (truncated or altered upload)");
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(part);
        }
        StoredBinary stored = describe(upper, target, size);
        try {
            observers.fileAdded(stored);
        } catch (RuntimeException e) {
            // The file is stored; a failing observer must not turn that into an error for the sensor.
            LOG.warn("binary store observer failed: {}", e.toString());
        }
        return new Stored(stored, false);
    }

    private StoredBinary describe(String md5, Path file, long size) throws IOException {
        return new StoredBinary(md5, size, Files.size(file), file, clock.instant());
    }

    /** The uncompressed size a gzip file records in its last four bytes (modulo 4 GiB; stored files are smaller). */
    private static long gzipSize(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(tail, Math.max(0, channel.size() - 4));
            return Integer.toUnsignedLong(tail.getInt(0));
        }
    }

    @Override
    public boolean contains(String md5) {
        return ModuleInfo.isMd5(md5) && Files.exists(path(md5));
    }

    @Override
    public Optional<InputStream> open(String md5) throws IOException {
        if (!contains(md5)) {
            return Optional.empty();
        }
        return Optional.of(new GZIPInputStream(Files.newInputStream(path(md5)), BUFFER));
    }

    /** A rename is durable only once the directory entry is; Linux allows fsync on a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to sync directories; the file itself is already on disk.
        }
    }

    private static MessageDigest md5Digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
