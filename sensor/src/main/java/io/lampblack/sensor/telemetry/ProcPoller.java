package io.lampblack.sensor.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process starts and exits from reading the pids in /proc at a fixed interval, where the process connector is not
 * available (a normal user). A process that starts and exits between two reads is not seen at all; a pid reused within
 * one interval is taken for the same process; an exec is seen only in the first second of a pid (a launcher's), later
 * ones not at all. The interval is at most 200 ms.
 */
final class ProcPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcPoller.class);
    static final Duration MAX_INTERVAL = Duration.ofMillis(200);

    private final ProcFs proc;
    private final ProcessTracker tracker;
    private final ScheduledExecutorService timer;
    private Set<Integer> previous = Set.of();
    /** Pids that appeared in the last few polls, with the program they were first seen running. */
    private final Map<Integer, Recent> recent = new HashMap<>();

    private record Recent(String exe, int pollsLeft) {}

    /** Polls during which a new pid's program is read again. */
    private static final int RECHECK_POLLS = 5;

    ProcPoller(ProcFs proc, ProcessTracker tracker, Duration interval) {
        this.proc = proc;
        this.tracker = tracker;
        Duration every =
                interval == null || interval.isZero() || interval.isNegative() || interval.compareTo(MAX_INTERVAL) > 0
                        ? MAX_INTERVAL
                        : interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("telemetry-procpoll").unstarted(r));
        // What the tracker knows is what was seen: any other pid is new at the first poll (a process that started
        // while the telemetry was starting, or after the process connector failed).
        previous = new HashSet<>(tracker.pids());
        timer.scheduleWithFixedDelay(this::poll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            List<Integer> now = proc.pids();
            Set<Integer> current = new HashSet<>(now);
            // Lowest pids first: without a wrap of pid numbers, parents before their children.
            recheckRecent();
            now.stream().filter(pid -> !previous.contains(pid)).sorted().forEach(pid -> {
                tracker.appeared(pid);
                recent.put(pid, new Recent(exe(pid), RECHECK_POLLS));
            });
            for (int pid : tracker.pids()) {
                if (!current.contains(pid)) {
                    tracker.exited(pid);
                }
            }
            previous = current;
        } catch (RuntimeException e) {
            LOG.warn("/proc poll failed", e);
        }
    }

    /**
     * A launcher that execs its program at once (Java's jspawnhelper, a shell's exec) may be read in the moment
     * between: a new pid whose program changed since is taken as an exec, as the process connector would report it.
     */
    private void recheckRecent() {
        for (var it = recent.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            String exe = exe(e.getKey());
            if (exe.isEmpty()) {
                it.remove();
                continue;
            }
            if (!exe.equals(e.getValue().exe())) {
                // System.nanoTime is CLOCK_MONOTONIC on Linux: the clock of the process connector's timestamps.
                tracker.executed(e.getKey(), System.nanoTime());
            }
            if (e.getValue().pollsLeft() <= 1) {
                it.remove();
            } else {
                e.setValue(new Recent(exe, e.getValue().pollsLeft() - 1));
            }
        }
    }

    private String exe(int pid) {
        try {
            return Files.readSymbolicLink(
                            proc.root().resolve(Integer.toString(pid)).resolve("exe"))
                    .toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
