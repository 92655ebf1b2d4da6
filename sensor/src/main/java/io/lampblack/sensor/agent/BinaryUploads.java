package io.lampblack.sensor.agent;

import io.lampblack.protocol.Hashes;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.telemetry.Telemetry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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
    /** Uploads waiting at most; more requests are not remembered (the server asks again later). */
    static final int QUEUED_AT_MOST = 64;

    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUED_AT_MOST),
            Thread.ofPlatform().name("sensor-binaries").daemon(true).factory());

    /** @param checkinNow called when an upload's answer says actions wait for the sensor */
    BinaryUploads(SensorClient client, SensorClient.Identity id, Supplier<Telemetry> telemetry, Runnable checkinNow) {
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
        Optional<byte[]> read = readRegularFile(path);
        if (read.isEmpty()) return;
        byte[] content = read.get();
        long size = content.length;
        if (!md5Of(content).equals(md5)) {
            LOG.info("binary {} changed on disk ({}) since it was reported; not sent", md5, path);
            return;
        }
        var answer = client.uploadBinary(id, md5, content);
        LOG.info("binary {} ({}, {} bytes) uploaded{}", md5, file.get(), size, answer.duplicate() ? " (had it)" : "");
        if (client.checkinNowHinted(id.sensorId())) checkinNow.run();
    }

    /**
     * The content of {@code path} if it is a regular file of at most {@link #MAX_BYTES}. The sensor may run as root
     * while the file is in a place any user can write: a symbolic link is not followed (it could point at a secret or
     * a device), a FIFO or device is not opened (it could block or never end), and no more than the limit is read
     * whatever the file grows to. The file opened must be the regular file looked at (same device and inode).
     */
    static Optional<byte[]> readRegularFile(Path path) throws IOException {
        BasicFileAttributes before = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!before.isRegularFile()) {
            LOG.info("{} is not a regular file; not sent", path);
            return Optional.empty();
        }
        if (before.size() > MAX_BYTES) {
            LOG.info("{} ({} bytes) is larger than the server takes; not sent", path, before.size());
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes opened =
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!opened.isRegularFile() || !Objects.equals(before.fileKey(), opened.fileKey())) {
                LOG.info("{} was replaced while it was opened; not sent", path);
                return Optional.empty();
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(MAX_BYTES + 1, Math.max(before.size() + 1, 8192)));
            while (true) {
                if (!buf.hasRemaining()) {
                    if (buf.capacity() > MAX_BYTES) {
                        LOG.info("{} grew past {} bytes; not sent", path, MAX_BYTES);
                        return Optional.empty();
                    }
                    ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(MAX_BYTES + 1, (long) buf.capacity() * 2));
                    buf.flip();
                    bigger.put(buf);
                    buf = bigger;
                }
                if (ch.read(buf) < 0) break;
            }
            return Optional.of(Arrays.copyOf(buf.array(), buf.position()));
        }
    }

    private static String md5Of(byte[] content) {
        try {
            return Hashes.hexLower(MessageDigest.getInstance("MD5").digest(content));
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
