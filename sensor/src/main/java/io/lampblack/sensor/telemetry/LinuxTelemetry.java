package io.lampblack.sensor.telemetry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telemetry of the Linux machine the sensor runs on (docs/compatibility.md, "Linux sensor telemetry"). Processes
 * from the kernel's process connector when privileged, else from /proc polling; network connections and module loads
 * from a scan of /proc every second; file modifications under the watched directories from fanotify (privileged) and
 * inotify; module info for every new binary. Every source hands its events to one ordered emitter, so the sink sees
 * them in the order they were observed.
 */
public final class LinuxTelemetry implements Telemetry {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxTelemetry.class);
    private static final long SCAN_MILLIS = 1_000;
    /** Scans between two walks of the watched directories for new subdirectories. */
    private static final int DIRECTORY_REFRESH_SCANS = 5;

    /** How processes are observed, as {@link Telemetry.Stats#processSource()} names it. */
    public static final String NETLINK = "netlink";

    public static final String PROC_POLLING = "proc-polling";

    private final FileHasher hasher;
    private final OrderedEmitter emitter;
    private final BinaryCatalog binaries;
    private final ProcessTracker tracker;
    private final ProcessConnector connector;
    private final ProcFs proc;
    private final Duration pollInterval;
    /** Reading /proc: from the start without the process connector, or once it failed. */
    private volatile ProcPoller poller;

    private final NetworkWatcher network;
    private final ModuleWatcher modules;
    private final FileModWatcher files;
    private final List<AutoCloseable> fileSources = new ArrayList<>();
    private final ScheduledExecutorService scanner;
    private int scans;
    private boolean closed;

    private LinuxTelemetry(TelemetrySettings settings, EventSink sink, Path procRoot) {
        proc = new ProcFs(procRoot);
        pollInterval = settings.procPollInterval();
        hasher = new FileHasher();
        emitter = new OrderedEmitter(sink);
        binaries = new BinaryCatalog();
        tracker = new ProcessTracker(proc, hasher, new UserNames(Path.of("/etc/passwd")), binaries, emitter);
        ProcessConnector opened = null;
        if (settings.privileged()) {
            try {
                opened = ProcessConnector.open(tracker, this::pollInstead);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Process connector not available ({}); reading /proc instead", e.getMessage());
            }
        }
        connector = opened;
        // Subscribed first, then what runs is read: a process starting in between is reported (maybe twice, which
        // the server takes as one), never missed.
        tracker.scanRunning();
        if (connector != null) {
            connector.begin();
        } else {
            pollInstead();
        }
        network = new NetworkWatcher(proc, tracker, new HostNames(Path.of("/etc/hosts")), emitter);
        modules = new ModuleWatcher(proc, tracker, hasher, binaries, emitter);
        files = new FileModWatcher(
                settings.watchedDirectories(),
                settings.ownDataDirectory(),
                ProcessHandle.current().pid(),
                tracker,
                hasher,
                binaries,
                emitter,
                CbEvents.now());
        if (!settings.watchedDirectories().isEmpty()) {
            openFileSources(settings.privileged());
        }
        scanner = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("telemetry-scan").unstarted(r));
        scanner.scheduleWithFixedDelay(this::scan, 0, SCAN_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching this machine.
     *
     * @param sensorId the server-assigned sensor id (process GUIDs are built by the server from it, the pid and the
     *                 create time carried in every event; kept for sources that may need GUIDs themselves)
     */
    public static Telemetry start(TelemetrySettings settings, EventSink sink, int sensorId) {
        TelemetrySettings s = new TelemetrySettings(
                settings.watchedDirectories() == null ? List.of() : settings.watchedDirectories(),
                settings.procPollInterval(),
                settings.privileged(),
                settings.ownDataDirectory() == null ? Optional.empty() : settings.ownDataDirectory());
        return new LinuxTelemetry(s, sink, Path.of("/proc"));
    }

    private synchronized void pollInstead() {
        if (poller == null && !closed) {
            poller = new ProcPoller(proc, tracker, pollInterval);
        }
    }

    private void openFileSources(boolean privileged) {
        if (privileged) {
            FanotifySource fanotify = null;
            try {
                fanotify = FanotifySource.open(files);
            } catch (IOException | RuntimeException e) {
                LOG.warn("fanotify not available ({}); file writers will be unknown", e.getMessage());
            }
            if (fanotify != null) {
                // Opened apart: inotify failing (its instances used up) must not leave fanotify running beside a
                // second inotify reporting writes too.
                fileSources.add(fanotify);
                try {
                    fileSources.add(InotifySource.open(files, InotifySource.CREATE_DELETE));
                } catch (IOException | RuntimeException e) {
                    LOG.warn(
                            "inotify not available ({}); file creations and removals are not reported", e.getMessage());
                }
                return;
            }
        }
        try {
            fileSources.add(InotifySource.open(files, InotifySource.ALL));
        } catch (IOException | RuntimeException e) {
            LOG.warn("inotify not available ({}); no file modifications are reported", e.getMessage());
        }
    }

    private void scan() {
        try {
            network.scan();
            modules.scan();
            if (++scans % DIRECTORY_REFRESH_SCANS == 0) {
                for (AutoCloseable source : fileSources) {
                    if (source instanceof FanotifySource f) {
                        f.refresh();
                    } else if (source instanceof InotifySource i) {
                        i.refresh();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Telemetry scan failed", e);
        }
    }

    @Override
    public Optional<Path> fileFor(String md5) {
        return binaries.fileFor(md5);
    }

    @Override
    public Stats stats() {
        long missed = emitter.dropped() + (connector == null ? 0 : connector.overruns()) + files.lost();
        return new Stats(emitter.delivered(), tracker.starts(), missed, connector != null ? NETLINK : PROC_POLLING);
    }

    @Override
    public void close() {
        if (connector != null) {
            connector.close();
        }
        synchronized (this) {
            closed = true;
            if (poller != null) {
                poller.close();
            }
        }
        scanner.shutdownNow();
        try {
            scanner.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable source : fileSources) {
            try {
                source.close();
            } catch (Exception e) {
                LOG.debug("Closing a file source failed", e);
            }
        }
        emitter.close();
        hasher.close();
    }
}
