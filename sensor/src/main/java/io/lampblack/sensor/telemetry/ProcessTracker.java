package io.lampblack.sensor.telemetry;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.sensor.telemetry.FileHasher.FileHash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which process each pid belongs to, and the process events that follow from what the process sources observe
 * (forks, execs, exits from the kernel's process connector; appearances and disappearances from /proc polling).
 *
 * <p>An exec starts a process: its start event, and a child-process event in its parent's context. A fork without
 * exec starts none: the child belongs to the forking process (Carbon Black's POSIX model), so the parent of a later
 * exec in it is that process. An exit of a process's own pid ends it: its end event and the child-process end in its
 * parent's context. What /proc no longer shows (a process that exited before it was read) is reported with what is
 * known: pid, parent and create time from the fork.
 */
final class ProcessTracker {

    /** Nanoseconds per tick of /proc's start times. */
    private static final long NANOS_PER_TICK = 1_000_000_000L / ProcFs.TICKS_PER_SECOND;

    /**
     * How far apart (in ticks) the pid's start recorded and the one /proc shows may be and still be the same process:
     * a fork's start is taken from the connector's timestamp, a moment after the kernel's, so it may fall in the next
     * tick. A pid reused that fast would need the pid numbers to wrap within 20 ms.
     */
    private static final long SAME_START_TICKS = 1;

    /**
     * What the tracker holds for a pid: the process it belongs to (its own, or the forking process's) and the pid's
     * start in ticks since boot (-1 when unknown), by which a pid reused after a lost exit is told apart.
     */
    private record Held(ProcessImage image, long startTicks) {
        boolean own(int pid) {
            return image.pid() == pid;
        }
    }

    /** Facts of a process and what follows from them alone (its program's hashes, its user's name). */
    private record Observed(ProcFs.Facts facts, CompletableFuture<Optional<FileHash>> hash, String username) {}

    private final ProcFs proc;
    private final FileHasher hasher;
    private final UserNames users;
    private final BinaryCatalog binaries;
    private final OrderedEmitter emitter;
    private final Map<Integer, Held> byPid = new HashMap<>(1024);
    private final AtomicLong starts = new AtomicLong();

    ProcessTracker(ProcFs proc, FileHasher hasher, UserNames users, BinaryCatalog binaries, OrderedEmitter emitter) {
        this.proc = proc;
        this.hasher = hasher;
        this.users = users;
        this.binaries = binaries;
        this.emitter = emitter;
    }

    long starts() {
        return starts.get();
    }

    /** Reports every process running now (creation not observed), parents before children. */
    void scanRunning() {
        List<Observed> running = observeWhole(proc.pids());
        synchronized (this) {
            startAsRunning(running);
        }
    }

    /**
     * Brings the tracker in line with /proc after process events were lost (the connector's socket overran): a pid
     * known but gone, or whose start is not the one recorded (its exit was lost and the pid reused), ends; a process
     * running but not known (its fork or exec was lost) starts, creation not observed. Called on the thread that
     * reports execs and exits, so none of those runs in between; other threads only add pids read from /proc.
     */
    void reconcile() {
        List<Integer> listed = proc.pids();
        List<Integer> unknown = new ArrayList<>();
        synchronized (this) {
            // The stat reads stay under the lock: whether a pid is stale is judged against the map as it is now.
            for (Map.Entry<Integer, Held> e : List.copyOf(byPid.entrySet())) {
                long recorded = e.getValue().startTicks();
                Optional<long[]> now = proc.startAndParent(e.getKey());
                if (now.isEmpty() || (recorded >= 0 && Math.abs(now.get()[0] - recorded) > SAME_START_TICKS)) {
                    exited(e.getKey());
                }
            }
            for (int pid : listed) {
                if (!byPid.containsKey(pid)) {
                    unknown.add(pid);
                }
            }
        }
        List<Observed> found = observeWhole(unknown);
        synchronized (this) {
            startAsRunning(found);
        }
    }

    /** The pids of the processes known now. */
    synchronized Set<Integer> pids() {
        return Set.copyOf(byPid.keySet());
    }

    /**
     * The process a fork's child belongs to until it execs: the forking process. A child already known was read from
     * /proc after the fork (at the start, or in a reconcile): what was read then stands.
     */
    synchronized void forked(int parentPid, int childPid, long bootNanos) {
        Held owner = byPid.get(parentPid);
        if (owner != null && !byPid.containsKey(childPid)) {
            byPid.put(childPid, new Held(owner.image(), bootNanos / NANOS_PER_TICK));
        }
    }

    /** An exec in {@code pid}, as the process connector reports it. */
    void executed(int pid, long bootNanos) {
        // Read before taking the lock: only this thread reports execs and exits, so nothing another thread does in
        // between makes the read stale, and the scans are not held up by /proc.
        Optional<ProcFs.Facts> read = proc.read(pid);
        Observed observed = observe(read.orElseGet(() -> new ProcFs.Facts(pid, 0, -1, "", "", -1)));
        synchronized (this) {
            executed(pid, bootNanos, read, observed);
        }
    }

    private void executed(int pid, long bootNanos, Optional<ProcFs.Facts> facts, Observed observed) {
        Held before = byPid.get(pid);
        if (before != null
                && before.own(pid)
                && facts.filter(f -> f.exe().equals(before.image().path())
                                && f.cmdline().equals(before.image().cmdline()))
                        .isPresent()) {
            // The previous exec's report already read this program: /proc showed the pid after this exec (a
            // launcher such as Java's jspawnhelper execs at once). It is one process, reported once.
            return;
        }
        if (before != null && before.own(pid)) {
            // A second exec in the same pid: the old image ends, the new one is a process of its own whose create
            // time is the exec (the pid's start is the old one's), its parent the old image.
            end(before.image());
            long created = Math.max(before.image().createTime() + 1, proc.fileTimeOfBootNanos(bootNanos));
            start(observed, pid, before.image(), created, before.startTicks(), true);
            return;
        }
        ProcessImage parent = before != null
                ? before.image()
                : parentOf(facts.map(ProcFs.Facts::ppid).orElse(0));
        // The pid's start: as /proc shows it, else the fork's (when seen), else the exec's.
        long startTicks = facts.map(ProcFs.Facts::startTicks)
                .filter(t -> t >= 0)
                .orElseGet(() ->
                        before != null && before.startTicks() >= 0 ? before.startTicks() : bootNanos / NANOS_PER_TICK);
        start(observed, pid, parent, proc.fileTimeOfTicks(startTicks), startTicks, true);
    }

    /** A pid that /proc polling found new. */
    void appeared(int pid) {
        if (known(pid)) {
            return;
        }
        // Read outside the lock: this thread (the poller) reports exits too, and finds a pid gone at its next poll.
        Optional<Observed> observed =
                proc.read(pid).filter(ProcessTracker::isWhole).map(this::observe);
        synchronized (this) {
            if (observed.isPresent() && !byPid.containsKey(pid)) {
                ProcFs.Facts f = observed.get().facts();
                start(
                        observed.get(),
                        pid,
                        parentOf(f.ppid()),
                        proc.fileTimeOfTicks(f.startTicks()),
                        f.startTicks(),
                        true);
            }
        }
    }

    private synchronized boolean known(int pid) {
        return byPid.containsKey(pid);
    }

    /** A pid that exited (process connector) or left /proc (polling). */
    synchronized void exited(int pid) {
        Held held = byPid.remove(pid);
        if (held != null && held.own(pid)) {
            end(held.image());
        }
    }

    /**
     * The process a pid belongs to: known, or found in /proc now (then reported as running, creation not observed:
     * its start was missed).
     */
    synchronized Optional<ProcessImage> imageOf(int pid) {
        Held held = byPid.get(pid);
        if (held != null) {
            return Optional.of(held.image());
        }
        // Read under the lock, unlike the reads of the thread reporting exits: read outside, a process could exit
        // and its exit be handled (the pid unknown yet) before it is added here, never to be ended.
        Optional<ProcFs.Facts> facts = proc.read(pid).filter(ProcessTracker::isWhole);
        if (facts.isEmpty()) {
            return Optional.empty();
        }
        ProcFs.Facts f = facts.get();
        return Optional.of(start(
                observe(f), pid, parentOf(f.ppid()), proc.fileTimeOfTicks(f.startTicks()), f.startTicks(), false));
    }

    /** Facts read whole, as {@link #observe} makes them, for the pids still there. */
    private List<Observed> observeWhole(List<Integer> pids) {
        List<Observed> out = new ArrayList<>();
        for (int pid : pids) {
            proc.read(pid).filter(ProcessTracker::isWhole).map(this::observe).ifPresent(out::add);
        }
        return out;
    }

    /** Starts, creation not observed, the processes not known yet: oldest first, so parents before children. */
    private void startAsRunning(List<Observed> running) {
        List<Observed> sorted = new ArrayList<>(running);
        sorted.sort(Comparator.comparingLong(o -> o.facts().startTicks()));
        for (Observed o : sorted) {
            ProcFs.Facts f = o.facts();
            if (!byPid.containsKey(f.pid())) {
                start(o, f.pid(), parentOf(f.ppid()), proc.fileTimeOfTicks(f.startTicks()), f.startTicks(), false);
            }
        }
    }

    /** What follows from a process's facts alone: needs no lock. */
    private Observed observe(ProcFs.Facts f) {
        CompletableFuture<Optional<FileHash>> hash = f.exe().isEmpty()
                ? CompletableFuture.completedFuture(Optional.empty())
                : hasher.hash(proc.root().resolve(Integer.toString(f.pid())).resolve("exe"), Path.of(f.exe()));
        return new Observed(f, hash, f.uid() < 0 ? "" : users.nameOf(f.uid()));
    }

    private ProcessImage start(
            Observed o, int pid, ProcessImage parent, long createTime, long startTicks, boolean observed) {
        ProcFs.Facts f = o.facts();
        ProcessImage image = new ProcessImage(
                pid, createTime, f.exe(), f.cmdline(), f.uid(), o.username(), parent, o.hash(), observed);
        byPid.put(pid, new Held(image, startTicks));
        starts.incrementAndGet();
        long ts = CbEvents.now();
        emitter.submit(CompletableFuture.allOf(image.hash(), parent.hash()), () -> {
            List<CbEventMsg> out = new ArrayList<>(3);
            out.addAll(binaries.describe(image.hashNow(), ts));
            out.add(CbEvents.processStart(image, ts));
            if (observed && parent.known()) {
                out.add(CbEvents.childProcess(parent, image, 0, true, ts));
            }
            return out;
        });
        return image;
    }

    private void end(ProcessImage image) {
        long ts = CbEvents.now();
        emitter.submit(() -> {
            List<CbEventMsg> out = new ArrayList<>(2);
            out.add(CbEvents.processEnd(image, ts));
            if (image.creationObserved() && image.parent().known()) {
                out.add(CbEvents.childProcess(image.parent(), image, 0, false, ts));
            }
            return out;
        });
    }

    /** The process a parent pid stands for: known, or read from /proc, or unknown (pid 0: the kernel). */
    private ProcessImage parentOf(int ppid) {
        if (ppid <= 0) {
            return ProcessImage.UNKNOWN;
        }
        Held known = byPid.get(ppid);
        if (known != null) {
            return known.image();
        }
        return proc.startAndParent(ppid)
                .map(sp -> ProcessImage.stub(ppid, proc.fileTimeOfTicks(sp[0])))
                .orElse(ProcessImage.UNKNOWN);
    }

    /**
     * Facts of a process that can be reported without a kernel event: read whole (start time known), and not a kernel
     * thread (those have neither command line nor executable, and are not processes a sensor reports).
     */
    private static boolean isWhole(ProcFs.Facts f) {
        return f.startTicks() >= 0 && !(f.cmdline().isEmpty() && f.exe().isEmpty());
    }
}
