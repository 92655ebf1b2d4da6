package io.lampblack.sensor.agent;

import io.lampblack.protocol.Hashes;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.telemetry.Telemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("sensor-binaries").daemon(true).factory());

    BinaryUploads(SensorClient client, SensorClient.Identity id, Supplier<Telemetry> telemetry) {
        this.client = client;
        this.id = id;
        this.telemetry = telemetry;
    }

    void request(List<String> md5s) {
        for (String raw : md5s) {
            String md5 = raw.toLowerCase(Locale.ROOT);
            if (!md5.matches("[0-9a-f]{32}") || !queued.add(md5)) continue;
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
        }
    }

    private void upload(String md5) throws IOException, InterruptedException {
        Telemetry t = telemetry.get();
        Optional<Path> file = t == null ? Optional.empty() : t.fileFor(md5);
        if (file.isEmpty()) {
            LOG.info("binary {} requested by the server is no longer on this host", md5);
            return;
        }
        long size = Files.size(file.get());
        if (size > MAX_BYTES) {
            LOG.info("binary {} ({}, {} bytes) is larger than the server takes", md5, file.get(), size);
            return;
        }
        byte[] content = Files.readAllBytes(file.get());
        if (!md5Of(content).equals(md5)) {
            LOG.info("binary {} changed on disk ({}) since it was reported; not sent", md5, file.get());
            return;
        }
        var answer = client.uploadBinary(id, md5, content);
        LOG.info("binary {} ({}, {} bytes) uploaded{}", md5, file.get(), size, answer.duplicate() ? " (had it)" : "");
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
