package io.lampblack.server.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognises re-sent uploads. A sensor whose 200 got lost sends the same upload id again; it must get a 200 without
 * the upload being indexed twice. A sensor re-sends before it sends anything new, so the last {@value #PER_SENSOR}
 * upload ids of each sensor are enough. Ids of uploads still in the journal are recovered by replaying it; when
 * journal files are trimmed their ids are appended to {@code uploads.seen} so they survive restarts too.
 */
public final class UploadRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(UploadRegistry.class);
    static final int PER_SENSOR = 64;

    /** Outcome of claiming an upload id. */
    public sealed interface Claim permits Fresh, Duplicate {}

    /** First time this id is seen: the caller journals it and then calls {@link #settle}. */
    public record Fresh(CompletableFuture<Boolean> settled) implements Claim {}

    /** Already accepted (or being accepted): wait for it and answer as a duplicate. */
    public record Duplicate(CompletableFuture<Boolean> accepted) implements Claim {}

    private final Map<Integer, LinkedHashMap<String, CompletableFuture<Boolean>>> bySensor = new ConcurrentHashMap<>();
    private final Path seenFile;

    public UploadRegistry(Path seenFile) {
        this.seenFile = seenFile;
        load();
    }

    public Claim claim(int sensorId, String uploadId) {
        LinkedHashMap<String, CompletableFuture<Boolean>> m = ids(sensorId);
        synchronized (m) {
            CompletableFuture<Boolean> existing = m.get(uploadId);
            if (existing != null && !(existing.isDone() && !existing.join())) return new Duplicate(existing);
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            m.put(uploadId, f);
            return new Fresh(f);
        }
    }

    /** Marks a claimed upload as journaled (true) or failed (false: a retry will be treated as new). */
    public void settle(int sensorId, String uploadId, Fresh claim, boolean journaled) {
        claim.settled().complete(journaled);
        if (!journaled) {
            LinkedHashMap<String, CompletableFuture<Boolean>> m = ids(sensorId);
            synchronized (m) {
                m.remove(uploadId, claim.settled());
            }
        }
    }

    /** Records an upload known to be durable (journal replay, seen file). */
    public void remember(int sensorId, String uploadId) {
        LinkedHashMap<String, CompletableFuture<Boolean>> m = ids(sensorId);
        synchronized (m) {
            m.put(uploadId, CompletableFuture.completedFuture(true));
        }
    }

    /** Called with the records of journal files about to be deleted; durable (fsync) when it returns. */
    public synchronized void persist(List<JournalRecord> records) {
        if (records.isEmpty()) return;
        StringBuilder sb = new StringBuilder();
        for (JournalRecord r : records)
            sb.append(r.sensorId()).append(' ').append(r.uploadId()).append('\n');
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                seenFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + seenFile, e);
        }
    }

    private LinkedHashMap<String, CompletableFuture<Boolean>> ids(int sensorId) {
        return bySensor.computeIfAbsent(sensorId, k -> new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Boolean>> eldest) {
                return size() > PER_SENSOR;
            }
        });
    }

    /** Loads the seen file and rewrites it compacted to what is still kept. */
    private void load() {
        if (!Files.exists(seenFile)) return;
        try {
            for (String line : Files.readAllLines(seenFile, StandardCharsets.UTF_8)) {
                int sp = line.indexOf(' ');
                if (sp <= 0) continue;
                try {
                    remember(Integer.parseInt(line.substring(0, sp)), line.substring(sp + 1));
                } catch (NumberFormatException ignored) {
                    // a torn last line from a crash during append
                }
            }
            List<String> keep = new ArrayList<>();
            bySensor.forEach((sensor, m) -> m.keySet().forEach(id -> keep.add(sensor + " " + id)));
            Path tmp = seenFile.resolveSibling(seenFile.getFileName() + ".tmp");
            Files.write(tmp, keep, StandardCharsets.UTF_8);
            Files.move(tmp, seenFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", seenFile, e.toString());
        }
    }
}
