package io.lampblack.server.binary;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.server.ingest.IndexedUpload;
import io.lampblack.server.ingest.IngestRoute;
import io.lampblack.server.process.ProcessSegment;
import io.lampblack.server.process.SensorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observed-binary tracking: learns from every indexed upload which binaries exist, where and on which sensors, and
 * keeps one binary document per MD5 up to date in the {@link BinaryIndex}.
 *
 * <p>On the ingest threads ({@link #indexed}) it only scans the upload ({@link UploadScanner}: a hash and a probe
 * per event, re-observations stop there) and adds what is new to a pending map keyed by MD5 — never waiting on the
 * index. A flush thread drains that map every {@code flushMillis}: each MD5's observations, however many arrived,
 * become one read-merge-write of its document ({@link BinaryDelta}), and the batch is made searchable.
 *
 * <p>Durability follows the process index: {@link #makeDurable()} (called by the pipeline before each process-index
 * commit) flushes and commits, so a journal position is never claimed before the binaries its uploads revealed are
 * durable. Uploads replayed after a crash are observed again; the merge has set semantics, so nothing is counted
 * twice. What {@link BinaryObservations} hears may repeat after a crash (at least once).
 */
public final class BinaryCatalog implements IngestRoute.OnIndexed, IngestRoute.OnCommit, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BinaryCatalog.class);

    private final BinaryIndex index;
    private final BinaryObservations observers;
    private final UploadScanner scanner;
    private final ConcurrentHashMap<String, BinaryDelta> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;
    private final Object flushLock = new Object();
    private final AtomicLong scanFailures = new AtomicLong();
    private final AtomicLong documentsWritten = new AtomicLong();
    /** Told which sensor described which binary, to ask the sensor for files the store lacks; may be null. */
    private final BinaryRequests requests;

    private final UploadScanner.Sink sink = new UploadScanner.Sink() {
        @Override
        public void moduleInfo(ModuleInfo info, SensorSighting sensor, long serverTime) {
            if (requests != null) requests.described(sensor.sensorId(), info.md5());
            pending.compute(
                    info.md5(),
                    (md5, d) -> (d == null ? new BinaryDelta(md5) : d).moduleInfo(info, sensor, serverTime));
        }

        @Override
        public void sighting(String md5, SensorSighting sensor, String path, long serverTime) {
            // Another sensor with the binary can send it when the one that described it cannot.
            if (requests != null) requests.sighted(sensor.sensorId(), md5);
            pending.compute(md5, (k, d) -> (d == null ? new BinaryDelta(k) : d).sighting(sensor, path, serverTime));
        }

        @Override
        public void sha256(String md5, String sha256) {
            pending.computeIfPresent(md5, (k, d) -> d.sha256(sha256));
        }
    };

    /**
     * @param seenCapacity observation keys remembered to skip re-observations (8 bytes each)
     * @param flushMillis  how often new observations are written and made searchable
     */
    public BinaryCatalog(BinaryIndex index, BinaryObservations observers, int seenCapacity, int flushMillis) {
        this(index, observers, seenCapacity, flushMillis, null);
    }

    /** @param requests told of every binary a sensor describes in module info (to ask it for the file), or null */
    public BinaryCatalog(
            BinaryIndex index,
            BinaryObservations observers,
            int seenCapacity,
            int flushMillis,
            BinaryRequests requests) {
        this.requests = requests;
        this.index = index;
        this.observers = observers;
        this.scanner = new UploadScanner(new SeenKeys(seenCapacity));
        this.flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("binary-flush").daemon(true).factory());
        flusher.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    public BinaryIndex index() {
        return index;
    }

    @Override
    public void indexed(IndexedUpload upload) {
        observe(upload.sensor(), upload.serverTime(), upload.log(), upload.segments());
    }

    /** What an indexed upload shows of binaries: where they are, on which sensors, how they ran. */
    public void observe(SensorContext sensor, long serverTime, DecodedEventLog log, List<ProcessSegment> segments) {
        try {
            SensorSighting sighting =
                    new SensorSighting(sensor.sensorId(), sensor.hostname(), sensor.groupName(), sensor.osType());
            scanner.scan(sighting, serverTime, log, segments, sink);
        } catch (RuntimeException e) {
            // The upload is already in the process index; losing its binary observations beats failing it.
            long n = scanFailures.incrementAndGet();
            if (n <= 10 || n % 1000 == 0) {
                LOG.error(
                        "binary observations of an upload from sensor {} were skipped ({} so far): {}",
                        sensor.sensorId(),
                        n,
                        e.toString());
            }
        }
    }

    @Override
    public void makeSearchable() {
        flush();
    }

    /** Writes every pending observation to the index and makes it searchable (not yet durable). */
    public void flush() {
        synchronized (flushLock) {
            List<BinaryDelta> batch = new ArrayList<>(pending.size());
            for (String md5 : pending.keySet()) {
                BinaryDelta d = pending.remove(md5);
                if (d != null) {
                    batch.add(d);
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            List<BinaryChange> changes;
            try {
                changes = index.apply(batch);
            } catch (RuntimeException | Error e) {
                // Nothing of the batch may be lost: it goes back, merged with whatever arrived meanwhile.
                for (BinaryDelta d : batch) {
                    pending.merge(d.md5, d, BinaryDelta::absorb);
                }
                throw e;
            }
            for (BinaryChange c : changes) {
                if (c.changed()) {
                    documentsWritten.incrementAndGet();
                }
            }
            report(changes);
        }
    }

    private void report(List<BinaryChange> changes) {
        try {
            observers.observed(changes);
        } catch (RuntimeException e) {
            LOG.warn("a binary observer failed on a flush of {} binaries: {}", changes.size(), e.toString());
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.error("binary index flush failed (retried at the next flush)", e);
        }
    }

    /** Flushes and commits; after it returns, every upload passed to {@link #indexed} so far survives a crash. */
    @Override
    public void makeDurable() {
        synchronized (flushLock) {
            flush();
            index.commit();
        }
    }

    /** Observations waiting for the next flush (distinct MD5s). */
    public int pendingBinaries() {
        return pending.size();
    }

    /** Binary documents written (created or changed) since start. */
    public long documentsWritten() {
        return documentsWritten.get();
    }

    public long scanFailures() {
        return scanFailures.get();
    }

    /** Stops the flush thread and makes everything durable. The index is closed by its owner afterwards. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        makeDurable();
    }
}
