package io.lampblack.sensor.telemetry;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process starts and exits from reading the pids in /proc at a fixed interval, where the process connector is not
 * available (a normal user). A process that starts and exits between two reads is not seen at all; a pid reused within
 * one interval is taken for the same process. The interval is at most 200 ms.
 */
final class ProcPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcPoller.class);
    static final Duration MAX_INTERVAL = Duration.ofMillis(200);

    private final ProcFs proc;
    private final ProcessTracker tracker;
    private final ScheduledExecutorService timer;
    private Set<Integer> previous = Set.of();

    ProcPoller(ProcFs proc, ProcessTracker tracker, Duration interval) {
        this.proc = proc;
        this.tracker = tracker;
        Duration every = interval.isZero() || interval.isNegative() || interval.compareTo(MAX_INTERVAL) > 0
                ? MAX_INTERVAL
                : interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("telemetry-procpoll").unstarted(r));
        previous = new HashSet<>(proc.pids());
        timer.scheduleWithFixedDelay(this::poll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            List<Integer> now = proc.pids();
            Set<Integer> current = new HashSet<>(now);
            // Lowest pids first: without a wrap of pid numbers, parents before their children.
            now.stream().filter(pid -> !previous.contains(pid)).sorted().forEach(tracker::appeared);
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
