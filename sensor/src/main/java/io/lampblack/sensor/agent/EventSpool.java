package io.lampblack.sensor.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk queue of event logs waiting for the server ({@code DATA/spool}), oldest first. A log is written
 * whole before it counts as spooled and is deleted only once the server answered 200 for it. The spool holds at most
 * {@code maxBytes}: beyond that the oldest logs are dropped, and their events and the logs themselves are counted
 * ({@link AgentState#dropped}) so the next check-ins report them. A log the server refuses for good (malformed, too
 * large) is set aside in {@code DATA/spool/rejected} (the newest few kept for diagnosis), counted the same way.
 */
final class EventSpool {

    private static final Logger LOG = LoggerFactory.getLogger(EventSpool.class);
    /** Refused logs kept for a person to look at; older ones are deleted. */
    private static final int REJECTED_KEPT = 16;

    /** What the spool holds now: the check-in's {@code num_eventlogs} and {@code num_eventlog_bytes}. */
    record Size(long logs, long bytes) {}

    private final Path dir;
    private final Path rejected;
    private final long maxBytes;
    private final AgentState state;
    private final String run;
    private final TreeSet<SpoolFile> files = new TreeSet<>();
    private long bytes;
    private long nextSequence;
    /** The log being uploaded: never dropped for the cap (the server may be storing it right now). */
    private SpoolFile inFlight;
    /** Drops since the last warning: a full spool drops a log per new one, the log says so once a minute. */
    private long unwarnedLogs;

    private long unwarnedEvents;
    private long lastWarnNanos;
    private boolean warnedOnce;

    EventSpool(Path dir, long maxBytes, AgentState state) throws IOException {
        this.dir = OwnerOnlyFiles.directory(dir);
        this.rejected = dir.resolve("rejected");
        this.maxBytes = maxBytes;
        this.state = state;
        byte[] r = new byte[4];
        new SecureRandom().nextBytes(r);
        this.run = HexFormat.of().formatHex(r);
        long last = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!Files.isRegularFile(p)) continue;
                if (OwnerOnlyFiles.isTemporary(p)) {
                    Files.deleteIfExists(p); // a log a crash interrupted: never counted as spooled
                    continue;
                }
                Optional<SpoolFile> f = SpoolFile.parse(p, Files.size(p));
                if (f.isEmpty()) continue;
                files.add(f.get());
                bytes += f.get().bytes();
                last = Math.max(last, f.get().sequence());
            }
        }
        // Sequences grow across restarts even when the spool was empty: microseconds of the clock at the latest.
        nextSequence = Math.max(last + 1, System.currentTimeMillis() * 1000);
    }

    /** Spools one event log (gzip of framed records) holding {@code events} events. */
    void add(byte[] log, int events) throws IOException {
        long seq;
        synchronized (this) {
            seq = nextSequence++;
        }
        Path target = dir.resolve(SpoolFile.name(seq, run, events));
        OwnerOnlyFiles.write(target, log);
        List<SpoolFile> dropped = new ArrayList<>();
        synchronized (this) {
            files.add(new SpoolFile(target, seq, run, events, log.length));
            bytes += log.length;
            while (bytes > maxBytes) {
                SpoolFile oldest = null;
                for (SpoolFile f : files) {
                    if (!f.equals(inFlight)) {
                        oldest = f;
                        break;
                    }
                }
                if (oldest == null) break;
                files.remove(oldest);
                bytes -= oldest.bytes();
                dropped.add(oldest);
            }
            notifyAll();
        }
        for (SpoolFile f : dropped) {
            state.dropped(f.events(), 1); // counted first: a crash before the delete over-counts, never under-counts
            Files.deleteIfExists(f.path());
        }
        if (!dropped.isEmpty()) warnDropped(dropped);
    }

    private synchronized void warnDropped(List<SpoolFile> dropped) {
        unwarnedLogs += dropped.size();
        unwarnedEvents += dropped.stream().mapToLong(SpoolFile::events).sum();
        long now = System.nanoTime();
        if (warnedOnce && now - lastWarnNanos < TimeUnit.MINUTES.toNanos(1)) return;
        warnedOnce = true;
        LOG.warn(
                "spool full ({} bytes at most): dropped the {} oldest event logs ({} events), counted and reported",
                maxBytes,
                unwarnedLogs,
                unwarnedEvents);
        lastWarnNanos = now;
        unwarnedLogs = 0;
        unwarnedEvents = 0;
    }

    /**
     * The oldest log, waiting up to {@code waitMillis} for one; it is then in flight (not dropped for the cap) until
     * {@link #delivered}, {@link #setAside} or {@link #release}.
     */
    synchronized Optional<SpoolFile> next(long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (files.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return Optional.empty();
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        inFlight = files.first();
        return Optional.of(inFlight);
    }

    byte[] read(SpoolFile f) throws IOException {
        return Files.readAllBytes(f.path());
    }

    /** The server has it (200): it leaves the spool. */
    void delivered(SpoolFile f) throws IOException {
        synchronized (this) {
            if (files.remove(f)) bytes -= f.bytes();
            if (f.equals(inFlight)) inFlight = null;
        }
        Files.deleteIfExists(f.path());
    }

    /** Not sent this time; stays first in line. */
    synchronized void release(SpoolFile f) {
        if (f.equals(inFlight)) inFlight = null;
    }

    /**
     * It will never be delivered (refused for good, unreadable): it leaves the queue and its events are counted as
     * dropped, and the file is kept aside for diagnosis (deleted if even that fails, so that it is not picked up
     * again at the next start).
     */
    void setAside(SpoolFile f, String why) {
        forget(f);
        LOG.error(
                "event log {} ({} events) set aside, its events counted as dropped: {}", f.uploadId(), f.events(), why);
        try {
            Files.createDirectories(rejected);
            Files.move(f.path(), rejected.resolve(f.path().getFileName()), StandardCopyOption.REPLACE_EXISTING);
            List<Path> kept = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(rejected)) {
                ds.forEach(kept::add);
            }
            kept.sort(null);
            for (int i = 0; i < kept.size() - REJECTED_KEPT; i++) Files.deleteIfExists(kept.get(i));
        } catch (IOException e) {
            LOG.error("cannot set event log {} aside ({}); deleting it", f.uploadId(), e.toString());
            try {
                Files.deleteIfExists(f.path());
            } catch (IOException again) {
                LOG.error("cannot delete event log {} either: {}", f.path(), again.toString());
            }
        }
    }

    /** Its file is gone (removed by someone else): it leaves the queue, its events counted as dropped. */
    void lost(SpoolFile f) {
        forget(f);
        LOG.error("event log {} ({} events) vanished from the spool; counted as dropped", f.path(), f.events());
    }

    /** Out of the queue and its accounting, counted as dropped: before anything is done to the file. */
    private void forget(SpoolFile f) {
        boolean queued;
        synchronized (this) {
            queued = files.remove(f);
            if (queued) bytes -= f.bytes();
            if (f.equals(inFlight)) inFlight = null;
        }
        if (queued) state.dropped(f.events(), 1);
    }

    synchronized Size size() {
        return new Size(files.size(), bytes);
    }

    /** Wakes a waiting {@link #next} (when the sensor stops). */
    synchronized void wakeUp() {
        notifyAll();
    }
}
