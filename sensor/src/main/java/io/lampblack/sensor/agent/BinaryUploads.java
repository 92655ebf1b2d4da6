package io.lampblack.sensor.agent;

import io.lampblack.protocol.Hashes;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.telemetry.RegularFile;
import io.lampblack.sensor.telemetry.Telemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the server's {@code binary_requests}: uploads each requested file the telemetry still finds with that
 * content, one at a time on a thread of its own (a check-in never waits for an upload). A file that is gone, changed
 * or larger than the server takes is not sent; the server asks again later if it still wants it.
 */
final class BinaryUploads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BinaryUploads.class);
    /** Carbon Black's limit, and the server's default {@code --max-binary-upload}. */
    static final long MAX_BYTES = 25L << 20;

    private final SensorClient client;
    private final SensorClient.Identity id;
    private final Supplier<Telemetry> telemetry;
    private final Runnable checkinNow;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** The gzipped copy of the file being sent, in the data directory; removed after each upload. */
    static final String GZIPPED = ".tmp-binary.gz";

    /** Uploads waiting at most; more requests are not remembered (the server asks again later). */
    static final int QUEUED_AT_MOST = 64;

    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUED_AT_MOST),
            Thread.ofPlatform().name("sensor-binaries").daemon(true).factory());

    /** Where a requested file is gzipped before it is sent (the sensor's data directory; one upload at a time). */
    private final Path gzipped;

    /**
     * @param dataDir    where the file being sent is gzipped ({@value #GZIPPED})
     * @param checkinNow called when an upload's answer says actions wait for the sensor
     */
    BinaryUploads(
            SensorClient client,
            SensorClient.Identity id,
            Supplier<Telemetry> telemetry,
            Runnable checkinNow,
            Path dataDir) {
        this.gzipped = dataDir.resolve(GZIPPED);
        this.checkinNow = checkinNow;
        this.client = client;
        this.id = id;
        this.telemetry = telemetry;
    }

    void request(List<String> md5s) {
        for (String raw : md5s) {
            String md5 = raw.toLowerCase(Locale.ROOT);
            if (!md5.matches("[0-9a-f]{32}") || !queued.add(md5)) continue;
            try {
                worker.execute(() -> {
                    try {
                        upload(md5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("binary {} not uploaded: {}", md5, e.toString());
                    } finally {
                        queued.remove(md5);
                    }
                });
            } catch (RejectedExecutionException e) {
                queued.remove(md5); // full, or closing: asked again at a later check-in
            }
        }
    }

    private void upload(String md5) throws IOException, InterruptedException {
        Telemetry t = telemetry.get();
        Optional<Path> file = t == null ? Optional.empty() : t.fileFor(md5);
        if (file.isEmpty()) {
            LOG.info("binary {} requested by the server is no longer on this host", md5);
            return;
        }
        Path path = file.get();
        try {
            Optional<Compressed> read = compressRegularFile(path, gzipped);
            if (read.isEmpty()) return;
            if (!read.get().md5().equals(md5)) {
                LOG.info("binary {} changed on disk ({}) since it was reported; not sent", md5, path);
                return;
            }
            var answer = client.uploadBinary(id, md5, gzipped);
            LOG.info(
                    "binary {} ({}, {} bytes) uploaded{}",
                    md5,
                    path,
                    read.get().size(),
                    answer.duplicate() ? " (had it)" : "");
        } finally {
            Files.deleteIfExists(gzipped);
        }
        if (client.checkinNowHinted(id.sensorId())) checkinNow.run();
    }

    /** What {@link #compressRegularFile} read: the content's MD5 (lower-case hex) and length. */
    record Compressed(String md5, long size) {}

    /**
     * Gzips {@code path} into {@code gzipped} while hashing it, if it is a regular file of at most {@link #MAX_BYTES}:
     * streamed, so that a 25 MiB binary costs a buffer of the sensor's small heap, not two or three copies of it.
     * The sensor may run as root while the file is in a place any user can write: a symbolic link is not followed (it
     * could point at a secret or a device), a FIFO or device is not opened (it could block or never end), and no
     * more than the limit is read whatever the file grows to. The file opened must be the regular file looked at
     * (same device and inode). {@code gzipped} (in the sensor's data directory) is made new and owner-only: it holds
     * a copy of what may be another user's file.
     */
    static Optional<Compressed> compressRegularFile(Path path, Path gzipped) throws IOException {
        BasicFileAttributes before = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!before.isRegularFile()) {
            LOG.info("{} is not a regular file; not sent", path);
            return Optional.empty();
        }
        if (before.size() > MAX_BYTES) {
            LOG.info("{} ({} bytes) is larger than the server takes; not sent", path, before.size());
            return Optional.empty();
        }
        // Opened without blocking and only as a regular file: a FIFO swapped in after the look above is refused.
        try (InputStream in = RegularFile.open(path, false)) {
            BasicFileAttributes opened =
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!opened.isRegularFile() || !Objects.equals(before.fileKey(), opened.fileKey())) {
                LOG.info("{} was replaced while it was opened; not sent", path);
                return Optional.empty();
            }
            MessageDigest md5 = md5();
            long size = 0;
            Files.deleteIfExists(gzipped); // a leftover of a crash; never followed if a link
            try (OutputStream out = new GZIPOutputStream(
                    Channels.newOutputStream(Files.newByteChannel(
                            gzipped,
                            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))),
                    BUFFER)) {
                byte[] buf = new byte[BUFFER];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    size += n;
                    if (size > MAX_BYTES) {
                        LOG.info("{} grew past {} bytes; not sent", path, MAX_BYTES);
                        return Optional.empty();
                    }
                    md5.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            return Optional.of(new Compressed(Hashes.hexLower(md5.digest()), size));
        }
    }

    private static final int BUFFER = 64 * 1024;

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
