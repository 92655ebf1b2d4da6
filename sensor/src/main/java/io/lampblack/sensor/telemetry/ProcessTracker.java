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

    private final ProcFs proc;
    private final FileHasher hasher;
    private final UserNames users;
    private final BinaryCatalog binaries;
    private final OrderedEmitter emitter;
    private final Map<Integer, ProcessImage> byPid = new HashMap<>(1024);
    private final Map<Integer, Long> forkNanos = new HashMap<>();
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
    synchronized void scanRunning() {
        List<ProcFs.Facts> running = new ArrayList<>();
        for (int pid : proc.pids()) {
            proc.read(pid).filter(ProcessTracker::isWhole).ifPresent(running::add);
        }
        running.sort(Comparator.comparingLong(ProcFs.Facts::startTicks));
        for (ProcFs.Facts f : running) {
            if (!byPid.containsKey(f.pid())) {
                start(f, parentOf(f.ppid()), proc.fileTimeOfTicks(f.startTicks()), false);
            }
        }
    }

    /** The pids of the processes known now. */
    synchronized Set<Integer> pids() {
        return Set.copyOf(byPid.keySet());
    }

    /** The process a fork's child belongs to until it execs: the forking process. */
    synchronized void forked(int parentPid, int childPid, long bootNanos) {
        ProcessImage owner = byPid.get(parentPid);
        if (owner != null) {
            byPid.put(childPid, owner);
            forkNanos.put(childPid, bootNanos);
        }
    }

    /** An exec in {@code pid}, as the process connector reports it. */
    synchronized void executed(int pid, long bootNanos) {
        ProcessImage before = byPid.get(pid);
        Optional<ProcFs.Facts> facts = proc.read(pid);
        Long forkedAt = forkNanos.remove(pid);
        if (before != null
                && before.pid() == pid
                && facts.filter(f ->
                                f.exe().equals(before.path()) && f.cmdline().equals(before.cmdline()))
                        .isPresent()) {
            // The previous exec's report already read this program: /proc showed the pid after this exec (a
            // launcher such as Java's jspawnhelper execs at once). It is one process, reported once.
            return;
        }
        if (before != null && before.pid() == pid) {
            // A second exec in the same pid: the old image ends, the new one is a process of its own whose create
            // time is the exec (the pid's start is the old one's), its parent the old image.
            end(before);
            long created = Math.max(before.createTime() + 1, proc.fileTimeOfBootNanos(bootNanos));
            start(facts.orElse(null), pid, before, created, true);
            return;
        }
        ProcessImage parent =
                before != null ? before : parentOf(facts.map(ProcFs.Facts::ppid).orElse(0));
        long created = facts.filter(f -> f.startTicks() >= 0)
                .map(f -> proc.fileTimeOfTicks(f.startTicks()))
                .orElseGet(() -> proc.fileTimeOfBootNanos(forkedAt != null ? forkedAt : bootNanos));
        start(facts.orElse(null), pid, parent, created, true);
    }

    /** A pid that /proc polling found new. */
    synchronized void appeared(int pid) {
        if (byPid.containsKey(pid)) {
            return;
        }
        proc.read(pid).filter(ProcessTracker::isWhole).ifPresent(f -> {
            start(f, parentOf(f.ppid()), proc.fileTimeOfTicks(f.startTicks()), true);
        });
    }

    /** A pid that exited (process connector) or left /proc (polling). */
    synchronized void exited(int pid) {
        forkNanos.remove(pid);
        ProcessImage image = byPid.remove(pid);
        if (image != null && image.pid() == pid) {
            end(image);
        }
    }

    /**
     * The process a pid belongs to: known, or found in /proc now (then reported as running, creation not observed:
     * its start was missed).
     */
    synchronized Optional<ProcessImage> imageOf(int pid) {
        ProcessImage image = byPid.get(pid);
        if (image != null) {
            return Optional.of(image);
        }
        Optional<ProcFs.Facts> facts = proc.read(pid).filter(ProcessTracker::isWhole);
        if (facts.isEmpty()) {
            return Optional.empty();
        }
        ProcFs.Facts f = facts.get();
        return Optional.of(start(f, parentOf(f.ppid()), proc.fileTimeOfTicks(f.startTicks()), false));
    }

    private ProcessImage start(ProcFs.Facts f, ProcessImage parent, long createTime, boolean observed) {
        return start(f, f.pid(), parent, createTime, observed);
    }

    private ProcessImage start(ProcFs.Facts f, int pid, ProcessImage parent, long createTime, boolean observed) {
        CompletableFuture<Optional<FileHash>> hash = f == null || f.exe().isEmpty()
                ? CompletableFuture.completedFuture(Optional.empty())
                : hasher.hash(proc.root().resolve(Integer.toString(pid)).resolve("exe"), Path.of(f.exe()));
        int uid = f == null ? -1 : f.uid();
        ProcessImage image = new ProcessImage(
                pid,
                createTime,
                f == null ? "" : f.exe(),
                f == null ? "" : f.cmdline(),
                uid,
                uid < 0 ? "" : users.nameOf(uid),
                parent,
                hash,
                observed);
        byPid.put(pid, image);
        starts.incrementAndGet();
        long ts = CbEvents.now();
        emitter.submit(CompletableFuture.allOf(hash, parent.hash()), () -> {
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
        ProcessImage known = byPid.get(ppid);
        if (known != null) {
            return known;
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
