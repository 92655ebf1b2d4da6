package io.lampblack.server.ingest;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.server.process.ProcessSegment;
import io.lampblack.server.process.SegmentAssembler;
import io.lampblack.server.search.PartitionException;
import io.lampblack.server.search.PartitionInfo;
import io.lampblack.server.search.ProcessIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves journaled uploads into the index: bounded queue, several indexing workers, periodic commits that record the
 * journal position they cover, and journal trimming behind them.
 *
 * <p>Progress is the "low-water mark": the start of the oldest upload still being indexed (or the end of the last one
 * handed over when none is in flight). A commit only ever claims that position, so a crash replays from a point
 * before anything that was not yet indexed. Records replayed after a crash are indexed with replace semantics because
 * some of their segments may already be in the last commit... or not.
 *
 * <p>One bad upload never stalls the pipeline: it is counted, logged, written to {@code deadletter/} with its cause,
 * and the pipeline moves on.
 */
public final class IngestPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final Entry POISON = new Entry(null, List.of(), false);

    /** @param replay from the journal after a restart: indexed with replace semantics, no follow-ups */
    private record Entry(JournaledUpload upload, List<IngestRoute.FollowUp> followUps, boolean replay) {
        JournalRecord record() {
            return upload.record();
        }
    }

    private final Journal<UploadInTransit> journal;
    private final ProcessIndex index;
    private final SegmentAssembler assembler;
    private final SensorContexts sensors;
    private final UploadRegistry uploads;
    private final IngestRoute route;
    private final StageTimer assembled;
    private final StageTimer added;
    private final StageTimer durable;
    private final Path deadLetters;
    /** One queue per worker; a sensor's uploads always go to the same worker, so they are indexed in order. */
    private final List<BlockingQueue<Entry>> queues = new ArrayList<>();

    private final List<Thread> workers = new ArrayList<>();
    private volatile Throwable fatal;
    private final ConcurrentSkipListMap<Long, Long> inFlight = new ConcurrentSkipListMap<>();
    /** Held while an upload is handed to a worker, and by a roll for as long as it needs indexing still. */
    private final ReentrantLock intake = new ReentrantLock();

    private static final int ROLL_DRAIN_SECONDS = 60;
    private final ScheduledExecutorService committer;
    private final int commitMillis;
    private volatile long handedOver;
    private volatile long replayedAtStart;
    private volatile long committed;
    /** New uploads journaled while the replay runs, indexed after it (in journal order); guarded by itself. */
    private final List<Entry> arrivedDuringReplay = new ArrayList<>();

    private final int replayBacklog;
    private volatile boolean replaying;
    /** Set when uploads are left in the journal for the next start (shutdown or failure during a replay). */
    private boolean abandoned;

    private volatile boolean stopping;
    private Thread replayer;

    /**
     * Called by the background replay before each replayed upload with the number replayed so far; tests hold the
     * replay here to act while it runs. Does nothing otherwise.
     */
    public static volatile java.util.function.LongConsumer replayHookForTests = n -> {};

    private final AtomicLong uploadsIndexed = new AtomicLong();
    private final AtomicLong eventsIndexed = new AtomicLong();
    private final AtomicLong segmentsIndexed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    /**
     * @param route         the hooks that see each upload at each stage ({@link IngestRoute})
     * @param threads       indexer threads; a sensor's uploads always go to the same one, so they are indexed in order
     * @param queueCapacity uploads waiting for the indexers, at most (acknowledged but not yet searchable)
     */
    public IngestPipeline(
            Journal<UploadInTransit> journal,
            ProcessIndex index,
            SegmentAssembler assembler,
            SensorContexts sensors,
            UploadRegistry uploads,
            Path deadLetters,
            int threads,
            int queueCapacity,
            int commitMillis,
            IngestRoute route) {
        this.route = route;
        this.assembled = route.timer("assembled", "SegmentAssembler");
        this.added = route.timer("indexed", "ProcessIndex");
        this.durable = route.timer("durable", "commit");
        this.journal = journal;
        this.index = index;
        this.assembler = assembler;
        this.sensors = sensors;
        this.uploads = uploads;
        this.deadLetters = deadLetters;
        this.commitMillis = commitMillis;
        this.committed = index.committedPosition();
        this.handedOver = committed;
        this.replayBacklog = Math.max(1, queueCapacity);
        for (int i = 0; i < threads; i++) {
            BlockingQueue<Entry> q = new ArrayBlockingQueue<>(Math.max(1, queueCapacity / threads));
            queues.add(q);
            workers.add(Thread.ofPlatform().name("indexer-" + i).daemon(true).unstarted(() -> work(q)));
        }
        this.committer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("index-commit").daemon(true).factory());
        route.queue("journal", journal::queued);
        route.queue(
                "indexers", () -> queues.stream().mapToInt(BlockingQueue::size).sum());
    }

    /**
     * Starts the pipeline: remembers every retained upload id (so that re-sent uploads are recognised from the first
     * request on), starts taking new uploads, and replays the journal from the last committed position on a thread
     * of its own, so that the server answers searches meanwhile. Uploads that arrive during the replay are journaled
     * and acknowledged as always, and indexed after the replayed ones, in journal order.
     */
    public void start() {
        workers.forEach(Thread::start);
        long from = index.committedPosition();
        long[] toReplay = {0};
        // Every retained record's upload id is remembered (a sensor may re-send an upload that is already committed
        // but whose journal file is not trimmed yet); only records after the committed position are indexed again.
        journal.replay(0, rec -> {
            uploads.remember(rec.sensorId(), rec.uploadId());
            if (rec.position() >= from) toReplay[0]++;
        });
        replayedAtStart = toReplay[0];
        replaying = toReplay[0] > 0;
        // The background replay ends here: whatever the writer appends from now on reaches journaled(), and read by
        // the replay too (when it lands in a file the replay has not reached yet) it would be indexed twice.
        long until = journal.endPosition();
        journal.start(this::journaled);
        if (replaying) {
            LOG.info(
                    "journal replay: {} uploads from position {} are indexed again in the background; searches answer"
                            + " meanwhile, new uploads are indexed after them",
                    toReplay[0],
                    from);
            replayer = Thread.ofPlatform().name("journal-replay").daemon(true).start(() -> replay(from, until));
        }
        committer.scheduleWithFixedDelay(this::commitQuietly, commitMillis, commitMillis, TimeUnit.MILLISECONDS);
    }

    /** Whether journal replay after a restart is still going on (what was acknowledged may not be searchable yet). */
    public boolean replaying() {
        return replaying;
    }

    /** The journal's sink: a new durable upload goes to the indexers, or waits behind the replay while it runs. */
    private void journaled(Journal.Durable<UploadInTransit> d) {
        ReceivedUpload received = d.carried().upload();
        JournaledUpload upload = new JournaledUpload(d.record(), received.sensor(), received.log());
        // Before indexing: raw-event export publishes what arrives, not what the index has caught up with.
        route.journaled(upload, d.carried().followUps());
        Entry entry = new Entry(upload, d.carried().followUps(), false);
        synchronized (arrivedDuringReplay) {
            // Bounded like the indexers' queues: when full, the journal writer waits here, and the sensors with it.
            while (replaying && !abandoned && arrivedDuringReplay.size() >= replayBacklog) {
                if (journal.closing()) abandoned = true;
                else waitQuietly(arrivedDuringReplay);
            }
            // Once one upload is left to the next start's replay, every later one is too: a commit must never
            // claim a position past an upload that was not indexed.
            if (abandoned) return;
            if (replaying) {
                arrivedDuringReplay.add(entry);
                return;
            }
        }
        enqueue(entry);
    }

    private void replay(long from, long until) {
        long t = System.nanoTime();
        long[] replayed = {0};
        try {
            journal.replay(from, until, rec -> {
                if (stopping) throw new ReplayStopped();
                replayHookForTests.accept(replayed[0]);
                DecodedEventLog log;
                try {
                    log = EventLogReader.decodeStrict(rec.payload(), Integer.MAX_VALUE - 16);
                } catch (Exception e) {
                    deadLetter(rec, e);
                    return;
                }
                enqueue(new Entry(new JournaledUpload(rec, sensors.of(rec.sensorId()), log), List.of(), true));
                replayed[0]++;
            });
        } catch (RuntimeException | Error e) {
            // Shutdown interrupts the replay: reading the journal then fails (ClosedByInterruptException) and that
            // is a stop, not a broken journal.
            if (!(e instanceof ReplayStopped) && !stopping) {
                LOG.error("journal replay failed after {} uploads; uploads are refused until restart", replayed[0], e);
                fatal = e;
                journal.fail(new IOException("journal replay failed: " + e));
                synchronized (arrivedDuringReplay) {
                    abandoned = true;
                    arrivedDuringReplay.clear();
                    arrivedDuringReplay.notifyAll();
                }
                return;
            }
            LOG.info("journal replay stopped by shutdown after {} uploads; the next start goes on", replayed[0]);
            synchronized (arrivedDuringReplay) {
                abandoned = true;
                arrivedDuringReplay.clear();
                arrivedDuringReplay.notifyAll();
            }
            return;
        }
        synchronized (arrivedDuringReplay) {
            // Under the lock, so that the journal writer hands nothing over until these are queued, in order.
            int arrived = arrivedDuringReplay.size();
            for (Entry e : arrivedDuringReplay) {
                if (stopping) abandoned = true;
                if (!abandoned) enqueue(e);
            }
            arrivedDuringReplay.clear();
            replaying = false;
            arrivedDuringReplay.notifyAll();
            LOG.info(
                    "journal replay done: {} uploads queued for indexing in {} ms ({} arrived meanwhile)",
                    replayed[0],
                    (System.nanoTime() - t) / 1_000_000,
                    arrived);
        }
    }

    /** Thrown out of the journal's replay loop when the server shuts down during a replay. */
    private static final class ReplayStopped extends RuntimeException {
        ReplayStopped() {
            super(null, null, false, false);
        }
    }

    private static void waitQuietly(Object monitor) {
        try {
            monitor.wait(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Entry e) {
        // A roll holds this lock while it waits for the workers to finish what was handed over: nothing new may
        // start meanwhile (see rollPartition).
        intake.lock();
        try {
            inFlight.put(e.record().position(), e.record().end());
            handedOver = e.record().end();
        } finally {
            intake.unlock();
        }
        try {
            queues.get(Math.floorMod(e.record().sensorId(), queues.size())).put(e);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void work(BlockingQueue<Entry> queue) {
        while (true) {
            Entry e;
            try {
                e = queue.take();
            } catch (InterruptedException ex) {
                return;
            }
            if (e == POISON) return;
            try {
                JournaledUpload u = e.upload;
                long start = System.nanoTime();
                List<ProcessSegment> segments = assembler.assemble(u.sensor(), u.serverTime(), u.log());
                assembled.since(start);
                start = System.nanoTime();
                index.add(segments, e.replay);
                added.since(start);
                route.indexed(new IndexedUpload(u, segments), e.followUps);
                uploadsIndexed.incrementAndGet();
                eventsIndexed.addAndGet(u.log().size());
                segmentsIndexed.addAndGet(segments.size());
            } catch (RuntimeException ex) {
                deadLetter(e.record(), ex);
            } catch (Error err) {
                // The JVM is in trouble (out of memory...). The upload stays "in flight" so that no commit can claim
                // it and a restart replays it; the journal stops accepting uploads so that sensors keep theirs.
                fatal = err;
                LOG.error(
                        "indexing stopped on upload {} of sensor {}; uploads are refused until restart",
                        e.record().uploadId(),
                        e.record().sensorId(),
                        err);
                journal.fail(new java.io.IOException("indexing stopped: " + err));
                throw err;
            }
            inFlight.remove(e.record().position());
        }
    }

    /** Set when indexing stopped on a JVM error; the server then needs a restart. */
    public java.util.Optional<Throwable> fatalError() {
        return java.util.Optional.ofNullable(fatal);
    }

    /** Journal position up to which every upload has been indexed (not necessarily committed yet). */
    public long indexedThrough() {
        // handedOver first: enqueue() adds to inFlight before raising it, so if inFlight is empty afterwards, every
        // record up to the value read has been indexed. One firstEntry() call: a worker may remove the last entry
        // between an isEmpty() and a firstKey().
        long through = handedOver;
        var oldest = inFlight.firstEntry();
        return oldest == null ? through : Math.min(through, oldest.getKey());
    }

    /** Commits the index up to the low-water mark and trims the journal behind it. */
    public synchronized void commit() {
        long start = System.nanoTime();
        long p = indexedThrough();
        // Whatever the route's hooks learnt from uploads before p must be durable before the index claims p.
        route.makeDurable();
        index.commit(p);
        committed = p;
        durable.since(start);
        // Upload ids of the files about to go are made durable first: a sensor may still re-send one of them.
        journal.trim(p, uploads::persist);
    }

    /**
     * Runs {@code work} while the index commits nothing, the journal is not trimmed and no partition rolls (they wait
     * for it): a backup copies the committed index and the journal after its position as one consistent state.
     * Uploads are still acknowledged and indexed meanwhile.
     */
    public synchronized <T> T withoutCommits(java.util.concurrent.Callable<T> work) throws Exception {
        return work.call();
    }

    /**
     * Rolls the index's hot partition at a quiet point: intake paused, every upload handed over indexed, so that the
     * hot partition holds exactly the journal before the position it is committed at. The new hot partition starts
     * from that position, hence journal replay after a crash (from the hot partition's last commit) never covers
     * anything in a rolled partition, and {@code replace = true} on the hot partition alone is enough to index
     * nothing twice. Sensors' uploads are still acknowledged meanwhile; the journal holds them until intake resumes.
     *
     * @throws PartitionException ({@link PartitionException.Refusal#NOT_NOW}) when indexing has stopped or does not
     *                            catch up within a minute
     */
    public synchronized Optional<PartitionInfo> rollPartition(boolean evenIfEmpty) {
        intake.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ROLL_DRAIN_SECONDS);
            while (!inFlight.isEmpty()) {
                if (fatal != null) {
                    throw new PartitionException(
                            PartitionException.Refusal.NOT_NOW, "indexing has stopped; the partition cannot roll");
                }
                if (System.nanoTime() > deadline) {
                    throw new PartitionException(
                            PartitionException.Refusal.NOT_NOW,
                            "indexing did not catch up within "
                                    + ROLL_DRAIN_SECONDS
                                    + " s; the partition did not roll");
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PartitionException(
                            PartitionException.Refusal.NOT_NOW, "interrupted while waiting to roll the partition");
                }
            }
            long p = handedOver;
            Optional<PartitionInfo> rolled = index.storage().roll(p, evenIfEmpty);
            committed = p;
            journal.trim(p, uploads::persist);
            return rolled;
        } finally {
            intake.unlock();
        }
    }

    private void commitQuietly() {
        try {
            if (indexedThrough() != committed) commit();
        } catch (RuntimeException e) {
            LOG.error("periodic commit failed", e);
        } catch (Error e) {
            LOG.error("periodic commit failed", e);
            fatal = e;
        }
    }

    /** Blocks until every upload journaled so far is indexed and searchable. */
    public void awaitIndexed(long timeoutMillis) throws InterruptedException {
        long target = journal.endPosition();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (indexedThrough() < target) {
            if (System.currentTimeMillis() > deadline)
                throw new IllegalStateException("indexing did not catch up in time");
            Thread.sleep(5);
        }
        index.refresh();
        route.makeSearchable();
    }

    private void deadLetter(JournalRecord rec, Exception cause) {
        long n = deadLettered.incrementAndGet();
        if (n <= 10 || n % 1000 == 0) {
            LOG.error(
                    "upload {} of sensor {} could not be indexed ({} so far): {}",
                    rec.uploadId(),
                    rec.sensorId(),
                    n,
                    cause.toString());
        }
        try {
            Files.createDirectories(deadLetters);
            String base = String.format("%020d", rec.position());
            Files.write(deadLetters.resolve(base + ".log"), rec.payload());
            Files.writeString(
                    deadLetters.resolve(base + ".cause"),
                    "sensor " + rec.sensorId() + " upload " + rec.uploadId() + "\n" + cause,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.error("cannot write dead letter: {}", e.toString());
        }
    }

    /** Uploads replayed from the journal at start (acknowledged before a crash but not yet committed). */
    public long replayedAtStart() {
        return replayedAtStart;
    }

    public long uploadsIndexed() {
        return uploadsIndexed.get();
    }

    public long eventsIndexed() {
        return eventsIndexed.get();
    }

    public long segmentsIndexed() {
        return segmentsIndexed.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Stops taking work, indexes what is queued, commits. The journal must be closed first. */
    @Override
    public void close() {
        stopping = true;
        if (replayer != null) {
            replayer.interrupt();
            try {
                replayer.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        committer.shutdown();
        try {
            committer.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (BlockingQueue<Entry> q : queues) {
            try {
                q.put(POISON);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Thread t : workers) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            commit();
        } catch (RuntimeException e) {
            LOG.warn("final commit failed: {}", e.toString());
        }
    }
}
