package io.lampblack.server.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route of an upload, stage by stage, and the hooks other features plug into each stage. In order:
 *
 * <ol>
 * <li><b>received</b> ({@link UploadIntake}, on the HTTPS request thread): validated and decoded whole, recognised
 *     if it is a re-send; a new upload then loses what the {@link IntakeFilter} drops (ingress filters, kinds its
 *     group does not collect), so that no later stage or hook ever sees it. Every {@link OnReceived} hook sees it
 *     (threat intelligence matches feed indicators here, before the upload waits for the journal); a hook may leave
 *     a {@link FollowUp} that travels with the upload.
 *     Hooks must not block: the sensor is waiting.</li>
 * <li><b>journaled</b> ({@link Journal}, its writer thread, in journal order): appended and fsync'ed with others
 *     (group commit), then the sensor gets its 200. Every {@link OnJournaled} hook sees it (raw-event export to the
 *     bus, ban block counts), then the follow-ups (feed-hit tags and alerts); then the upload waits in an indexer's queue. A full
 *     queue blocks the writer: back-pressure to the journal's queue, then to the sensors.</li>
 * <li><b>assembled</b> ({@link IngestPipeline}, an indexer thread; a sensor's uploads always on the same one):
 *     one immutable process segment per process per upload.</li>
 * <li><b>indexed</b> (the same thread): the segments are added to the process index; every {@link OnIndexed} hook
 *     sees them (binary catalog, streamed watchlists), then the follow-ups (feed storage hits).</li>
 * <li><b>matched</b> and <b>published</b>: on the hooks' own threads behind their own bounded queues (watchlist
 *     matching, hit and raw-event publishing to the bus), never on the route's threads.</li>
 * <li><b>durable</b> (the commit thread, every {@code commit-ms}): every {@link OnCommit} hook makes durable what
 *     it learnt (the binary catalog), then the process index commits the journal position up to which everything is
 *     indexed, and the journal is trimmed behind it. After a crash the journal is replayed from that position;
 *     replayed uploads go through stages 3 and 4 again (not 1, and not the hooks of 2: they were received and
 *     exported before the crash), so what {@link OnIndexed} hooks record must be idempotent.</li>
 * </ol>
 *
 * <p>A hook that throws is logged and does not keep the others from seeing the upload, nor fail an upload the
 * journal or index already holds; only {@link OnCommit#makeDurable()} may stop a commit. Every hook is timed
 * ({@link #timers()}, exported in {@code /metrics}), and hooks with their own queue report its depth
 * ({@link Queued}).
 */
public final class IngestRoute {

    private static final Logger LOG = LoggerFactory.getLogger(IngestRoute.class);

    /** Stage 1: sees each new upload on the request thread, before it is journaled. Must not block. */
    public interface OnReceived {
        /** @return what this hook wants to do with the same upload at later stages, if anything */
        Optional<FollowUp> received(ReceivedUpload upload);
    }

    /**
     * What an {@link OnReceived} hook still has to do with one upload at later stages. Never called for an upload
     * the journal refused (the sensor sends it again), nor for replays. Called on the route's threads: must not
     * block.
     */
    public interface FollowUp {
        /** Stage 2: the upload is durable. */
        default void journaled(JournaledUpload upload) {}

        /** Stage 4: its segments are in the index. */
        default void indexed(IndexedUpload upload) {}
    }

    /** Stage 2: sees each upload once durable, on the journal's writer thread, in journal order. Must not block. */
    public interface OnJournaled {
        void journaled(JournaledUpload upload);
    }

    /** Stage 4: sees each upload once its segments are in the index, on an indexer thread. Must not block. */
    public interface OnIndexed {
        void indexed(IndexedUpload upload);
    }

    /** Stage 6: called on the commit thread before each index commit. */
    public interface OnCommit {
        /** Makes everything seen so far durable; when it returns, it must survive a crash. May throw to stop a commit. */
        void makeDurable();

        /** Makes everything seen so far searchable now (normally it happens within the hook's own interval). */
        default void makeSearchable() {}
    }

    /** A hook with a queue of its own, whose depth is worth watching. */
    public interface Queued {
        String queueName();

        int queued();
    }

    private record Hook<T>(T hook, StageTimer timer) {}

    private final List<Hook<OnReceived>> received;
    private final List<Hook<OnJournaled>> journaled;
    private final List<Hook<OnIndexed>> indexed;
    private final List<Hook<OnCommit>> commits;
    private final StageTimer journaledFollowUps = new StageTimer("journaled", "follow-ups");
    private final StageTimer indexedFollowUps = new StageTimer("indexed", "follow-ups");
    private final List<StageTimer> timers = new CopyOnWriteArrayList<>();
    private final List<QueueDepth> queues = new CopyOnWriteArrayList<>();

    /** A named queue on the route and how many uploads (or items) wait in it. */
    public record QueueDepth(String name, IntSupplier depth) {}

    private IngestRoute(Builder b) {
        received = hooks("received", b.received);
        journaled = hooks("journaled", b.journaled);
        indexed = hooks("indexed", b.indexed);
        commits = hooks("durable", b.commits);
        timers.add(journaledFollowUps);
        timers.add(indexedFollowUps);
        for (Object hook : b.all) {
            if (hook instanceof Queued q
                    && queues.stream().noneMatch(d -> d.name().equals(q.queueName()))) {
                queues.add(new QueueDepth(q.queueName(), q::queued));
            }
        }
    }

    private <T> List<Hook<T>> hooks(String stage, List<T> list) {
        List<Hook<T>> out = new ArrayList<>();
        for (T h : list) {
            StageTimer t = new StageTimer(stage, h.getClass().getSimpleName());
            timers.add(t);
            out.add(new Hook<>(h, t));
        }
        return List.copyOf(out);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Stage 1. */
    List<FollowUp> received(ReceivedUpload upload) {
        List<FollowUp> followUps = List.of();
        for (Hook<OnReceived> h : received) {
            long start = System.nanoTime();
            try {
                Optional<FollowUp> f = h.hook.received(upload);
                if (f.isPresent()) {
                    if (followUps.isEmpty()) followUps = new ArrayList<>(2);
                    followUps.add(f.get());
                }
            } catch (RuntimeException e) {
                // A hook's failure must not refuse an upload.
                LOG.warn(
                        "upload {} of sensor {}: {} failed at receipt: {}",
                        upload.uploadId(),
                        upload.sensor().sensorId(),
                        h.timer.step(),
                        e.toString());
            }
            h.timer.since(start);
        }
        return followUps;
    }

    /** Stage 2. */
    void journaled(JournaledUpload upload, List<FollowUp> followUps) {
        pass(upload, upload, journaled, OnJournaled::journaled, followUps, journaledFollowUps, FollowUp::journaled);
    }

    /** Stage 4. */
    void indexed(IndexedUpload upload, List<FollowUp> followUps) {
        pass(upload, upload.upload(), indexed, OnIndexed::indexed, followUps, indexedFollowUps, FollowUp::indexed);
    }

    /** Every hook of a stage, then the follow-ups, each timed and none keeping the others from the upload. */
    private static <H, U> void pass(
            U upload,
            JournaledUpload about,
            List<Hook<H>> hooks,
            BiConsumer<H, U> hook,
            List<FollowUp> followUps,
            StageTimer followUpTimer,
            BiConsumer<FollowUp, U> followUp) {
        for (Hook<H> h : hooks) {
            long start = System.nanoTime();
            try {
                hook.accept(h.hook, upload);
            } catch (RuntimeException e) {
                failed(h.timer, about, e);
            }
            h.timer.since(start);
        }
        if (followUps.isEmpty()) return;
        long start = System.nanoTime();
        for (FollowUp f : followUps) {
            try {
                followUp.accept(f, upload);
            } catch (RuntimeException e) {
                failed(followUpTimer, about, e);
            }
        }
        followUpTimer.since(start);
    }

    private static void failed(StageTimer where, JournaledUpload upload, RuntimeException e) {
        LOG.warn(
                "upload {} of sensor {}: {} failed at stage {}: {}",
                upload.record().uploadId(),
                upload.record().sensorId(),
                where.step(),
                where.stage(),
                e.toString());
    }

    /** Stage 6, before the index commits. Not caught: a hook that cannot make its state durable stops the commit. */
    void makeDurable() {
        for (Hook<OnCommit> c : commits) {
            long start = System.nanoTime();
            c.hook.makeDurable();
            c.timer.since(start);
        }
    }

    void makeSearchable() {
        for (Hook<OnCommit> c : commits) c.hook.makeSearchable();
    }

    /** A timer for a step of the route's own (journal wait, assembly, indexing, commit), listed with the hooks'. */
    StageTimer timer(String stage, String step) {
        StageTimer t = new StageTimer(stage, step);
        timers.add(t);
        return t;
    }

    /** Declares a queue of the route's own (journal, indexers), listed with the hooks'. */
    void queue(String name, IntSupplier depth) {
        queues.add(new QueueDepth(name, depth));
    }

    /** Every step's time, in route order of registration. */
    public List<StageTimer> timers() {
        return List.copyOf(timers);
    }

    /** Every queue on the route and its depth now. */
    public List<QueueDepth> queues() {
        return List.copyOf(queues);
    }

    /** Which feature hooks into which stage; hooks of a stage run in the order added. */
    public static final class Builder {
        private final List<OnReceived> received = new ArrayList<>();
        private final List<OnJournaled> journaled = new ArrayList<>();
        private final List<OnIndexed> indexed = new ArrayList<>();
        private final List<OnCommit> commits = new ArrayList<>();
        private final List<Object> all = new ArrayList<>();

        public Builder received(OnReceived hook) {
            received.add(hook);
            all.add(hook);
            return this;
        }

        public Builder journaled(OnJournaled hook) {
            journaled.add(hook);
            all.add(hook);
            return this;
        }

        /** Optional hooks (a feature switched off by its settings) are simply left out. */
        public Builder journaled(Optional<? extends OnJournaled> hook) {
            hook.ifPresent(this::journaled);
            return this;
        }

        public Builder indexed(OnIndexed hook) {
            indexed.add(hook);
            all.add(hook);
            return this;
        }

        public Builder durable(OnCommit hook) {
            commits.add(hook);
            all.add(hook);
            return this;
        }

        public IngestRoute build() {
            return new IngestRoute(this);
        }
    }
}
