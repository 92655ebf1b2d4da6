package io.lampblack.sensor.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process tracker driven as the process connector drives it, over a /proc the test lays out: what the sink sees
 * when events were lost (an overrun) and the tracker is brought in line with /proc.
 */
class ProcessTrackerTest {

    private static final long TICK_NANOS = 10_000_000L;

    @TempDir
    Path temp;

    private Path root;
    private ProcFs proc;
    private CollectingSink sink;
    private FileHasher hasher;
    private OrderedEmitter emitter;
    private ProcessTracker tracker;

    @BeforeEach
    void start() throws IOException {
        root = Files.createDirectories(temp.resolve("proc"));
        Files.writeString(root.resolve("stat"), "btime 1767607200\n");
        Path passwd = Files.writeString(temp.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        proc = new ProcFs(root);
        sink = new CollectingSink();
        hasher = new FileHasher();
        emitter = new OrderedEmitter(sink);
        tracker = new ProcessTracker(proc, hasher, new UserNames(passwd), new BinaryCatalog(), emitter);
    }

    @AfterEach
    void stop() {
        emitter.close();
        hasher.close();
    }

    @Test
    void afterAnOverrunExitedProcessesEndAndUnseenOnesStart() throws Exception {
        running(1, 0, 10, "init");
        running(100, 1, 500, "shell");
        tracker.scanRunning();
        // The shell starts a program: fork and exec, both seen.
        running(200, 100, 600, "worker");
        tracker.forked(100, 200, 600 * TICK_NANOS);
        tracker.executed(200, 600 * TICK_NANOS + 1);
        CbEventMsg worker = sink.await("start of the worker", e -> isStart(e, 200, "worker"));
        assertEquals(100, worker.getProcess().getParentPid());

        // Lost: the shell's and the worker's exits, the worker's pid taken by a new program, and another program's
        // start in a pid never seen.
        gone(100);
        gone(200);
        running(200, 1, 900, "reuser");
        running(300, 1, 950, "unseen");
        tracker.reconcile();

        sink.await("end of the shell", e -> isEnd(e, 100, ticks(500)));
        sink.await("end of the worker", e -> isEnd(e, 200, ticks(600)));
        CbEventMsg reuser = sink.await("start of the reuser", e -> isStart(e, 200, "reuser"));
        assertEquals(ticks(900), reuser.getHeader().getProcessCreateTime());
        assertEquals(1, reuser.getProcess().getParentPid(), "its parent is /proc's, not the dead worker");
        assertFalse(reuser.getProcess().getCreationobserved());
        CbEventMsg unseen = sink.await("start of the unseen program", e -> isStart(e, 300, "unseen"));
        assertFalse(unseen.getProcess().getCreationobserved());
        assertEquals(Set.of(1, 200, 300), tracker.pids());

        // Messages queued from before the loss come after the reconcile and change nothing: the reuser's own fork
        // and exec, then its exit, which ends the reuser and not the dead worker a second time.
        tracker.forked(1, 200, 900 * TICK_NANOS);
        tracker.executed(200, 900 * TICK_NANOS + 1);
        gone(200);
        tracker.exited(200);
        sink.await("end of the reuser", e -> isEnd(e, 200, ticks(900)));
        List<CbEventMsg> all = sink.all();
        assertEquals(1, all.stream().filter(e -> isStart(e, 200, "reuser")).count(), "one start of the reuser");
        assertEquals(1, all.stream().filter(e -> isEnd(e, 200, ticks(600))).count(), "one end of the worker");
        assertFalse(
                all.stream().anyMatch(e -> e.hasChildproc() && e.getHeader().getProcessPid() == 200),
                "nothing is reported as the dead worker's child");
    }

    @Test
    void aForkedChildWhosePidWasReusedIsNoLongerTheForkingProcesssChild() throws Exception {
        running(1, 0, 10, "init");
        running(100, 1, 500, "shell");
        tracker.scanRunning();
        running(101, 100, 510, "shell");
        tracker.forked(100, 101, 510 * TICK_NANOS);
        running(102, 100, 520, "shell");
        tracker.forked(100, 102, 520 * TICK_NANOS + TICK_NANOS / 2);
        sink.await("start of the shell", e -> isStart(e, 100, "shell"));

        // The first child's exit was lost and its pid reused; the second child still runs.
        running(101, 1, 800, "other");
        tracker.reconcile();
        // The exec of the program now in that pid is reported with its own parent, not under the shell.
        tracker.executed(101, 800 * TICK_NANOS);
        CbEventMsg other = sink.await("start of the other program", e -> isStart(e, 101, "other"));
        assertEquals(1, other.getProcess().getParentPid());
        assertTrue(tracker.pids().contains(102));
        tracker.exited(102);
        tracker.exited(101);
        sink.await("end of the other program", e -> isEnd(e, 101, ticks(800)));
        assertFalse(
                sink.all().stream()
                        .anyMatch(e -> e.hasChildproc() && e.getChildproc().getPid() == 101),
                "the shell reports no child in the reused pid");
        assertFalse(sink.all().stream().anyMatch(e -> isEnd(e, 100, ticks(500))), "the shell still runs");
    }

    private long ticks(long t) {
        return proc.fileTimeOfTicks(t);
    }

    private static boolean isStart(CbEventMsg e, int pid, String program) {
        return e.hasProcess()
                && e.getProcess().getCreated()
                && e.getHeader().getProcessPid() == pid
                && e.getHeader().getProcessPath().endsWith("/" + program);
    }

    private static boolean isEnd(CbEventMsg e, int pid, long createTime) {
        return e.hasProcess()
                && !e.getProcess().getCreated()
                && e.getHeader().getProcessPid() == pid
                && e.getHeader().getProcessCreateTime() == createTime;
    }

    /** Lays out /proc/{pid} for a process running {@code program} (a file of its own under the test's directory). */
    private void running(int pid, int ppid, long startTicks, String program) throws IOException {
        gone(pid);
        Path exe = temp.resolve("bin").resolve(program);
        if (!Files.exists(exe)) {
            Files.createDirectories(exe.getParent());
            Files.writeString(exe, "program " + program);
        }
        Path dir = Files.createDirectories(root.resolve(Integer.toString(pid)));
        Files.writeString(
                dir.resolve("stat"),
                pid + " (" + program + ") S " + ppid + " 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 " + startTicks + " 0 0\n");
        Files.writeString(dir.resolve("cmdline"), exe + "\0");
        Files.createSymbolicLink(dir.resolve("exe"), exe);
    }

    private void gone(int pid) throws IOException {
        Path dir = root.resolve(Integer.toString(pid));
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
