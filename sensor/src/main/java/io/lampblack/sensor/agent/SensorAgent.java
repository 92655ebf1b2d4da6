package io.lampblack.sensor.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.protocol.sensor.SensorProtocol.CheckinRequest;
import io.lampblack.protocol.sensor.SensorProtocol.CheckinResponse;
import io.lampblack.protocol.sensor.SensorProtocol.HostStatus;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.client.SensorClient.SensorProtocolException;
import io.lampblack.sensor.isolation.HostIsolation;
import io.lampblack.sensor.telemetry.EventSink;
import io.lampblack.sensor.telemetry.Telemetry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lampblack sensor for Linux, running: registered once (its identity kept owner-only in {@code DATA}), it checks
 * in at the interval the server gives with the host's facts, carries out the actions it is sent and reports them,
 * applies its group's settings, spools what the telemetry observes and uploads it, sends binaries the server asks
 * for, and keeps live response running. Telemetry, isolation and live response are given as {@link Parts}, so that
 * tests can run the agent with stand-ins.
 */
public final class SensorAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SensorAgent.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Starts the machine's telemetry, handing events to {@code sink}. */
    @FunctionalInterface
    public interface TelemetryStarter {
        Telemetry start(EventSink sink, int sensorId) throws Exception;
    }

    /** Starts live response (it holds the poll itself while it runs); closing it stops it. */
    @FunctionalInterface
    public interface LiveResponseStarter {
        AutoCloseable start(SensorClient client, SensorClient.Identity id, Path workDir) throws Exception;
    }

    /** The parts of the sensor that act on the host; without live response the sensor takes no sessions. */
    public record Parts(
            TelemetryStarter telemetry, HostIsolation isolation, Optional<LiveResponseStarter> liveResponse) {}

    /**
     * @param dataDir           identity, state, spool
     * @param registrationToken the enrolment token, needed only until the sensor has registered
     * @param groupId           the group asked for at registration
     * @param spoolMaxBytes     the spool's cap
     * @param maxBackoff        the longest wait between attempts to reach an unreachable server
     * @param batch             how events are batched into event logs
     */
    public record Settings(
            Path dataDir,
            String registrationToken,
            int groupId,
            long spoolMaxBytes,
            Duration maxBackoff,
            EventBatcher.Limits batch) {

        public static Settings of(SensorOptions o) {
            return new Settings(
                    o.dataDir(),
                    o.registrationToken(),
                    o.groupId(),
                    o.spoolMaxBytes(),
                    Duration.ofSeconds(60),
                    EventBatcher.Limits.DEFAULT);
        }

        /** The same with another longest backoff (tests restart servers and need not wait a minute). */
        public Settings withMaxBackoff(Duration d) {
            return new Settings(dataDir, registrationToken, groupId, spoolMaxBytes, d, batch);
        }

        /** The same with event logs of at most {@code events} events (tests of the spool's cap). */
        public Settings withEventsPerLog(int events) {
            return new Settings(
                    dataDir,
                    registrationToken,
                    groupId,
                    spoolMaxBytes,
                    maxBackoff,
                    new EventBatcher.Limits(
                            events, batch.maxBytes(), batch.maxDelay(), batch.queueEvents(), batch.queueBytes()));
        }
    }

    /** The batcher, uploader and telemetry: what a {@code restart} action restarts. */
    private record Loops(EventBatcher batcher, SpoolUploader uploader, Telemetry telemetry) {}

    private final SensorClient client;
    private final SensorClient.Identity id;
    private final Settings settings;
    private final Parts parts;
    private final HostProbe probe = new HostProbe();
    private final AgentState state;
    private final EventSpool spool;
    private final ActionRunner actions;
    private final BinaryUploads binaries;
    private final long startedNanos = System.nanoTime();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object wake = new Object();
    private final Thread checkins;
    private final DataDirectory data;
    private final IsolationRefresh isolationRefresh = new IsolationRefresh(System::nanoTime);
    /** Held while loops start or stop: a restart action never races close or uninstall. */
    private final Object lifecycle = new Object();

    private volatile Loops loops;
    private volatile AutoCloseable liveResponse;
    private int liveResponseFailures;
    private volatile boolean stopping;
    private volatile boolean checkinNow;
    private volatile boolean uninstallPending;
    private volatile boolean uninstalled;
    private volatile Instant lastCheckin;
    private int intervalSeconds;

    private SensorAgent(
            SensorClient client,
            URI server,
            SensorClient.Identity id,
            int intervalSeconds,
            Settings settings,
            Parts parts,
            AgentState state,
            DataDirectory data)
            throws IOException {
        this.data = data;
        this.client = client;
        this.id = id;
        this.settings = settings;
        this.parts = parts;
        this.state = state;
        this.intervalSeconds = intervalSeconds;
        this.spool = new EventSpool(settings.dataDir().resolve("spool"), settings.spoolMaxBytes(), state);
        InetSocketAddress serverAddress =
                new InetSocketAddress(server.getHost(), server.getPort() < 0 ? 443 : server.getPort());
        this.actions = new ActionRunner(parts.isolation(), serverAddress, state::isolationExclusions, new Actions());
        this.binaries = new BinaryUploads(
                client, id, () -> loops == null ? null : loops.telemetry(), this::checkinNow, settings.dataDir());
        this.loops = startLoops();
        startLiveResponse();
        this.checkins = Thread.ofPlatform().name("sensor-checkin").daemon(true).start(this::checkinLoop);
    }

    /**
     * Registers (unless {@code DATA} holds an identity already) and starts the sensor. An unreachable server is tried
     * again with backoff; a refused registration (wrong token, unknown group) is an {@link IOException} saying so.
     */
    public static SensorAgent start(SensorClient client, URI server, Settings settings, Parts parts)
            throws IOException, InterruptedException {
        DataDirectory data = DataDirectory.claim(settings.dataDir());
        try {
            return start(client, server, settings, parts, data);
        } catch (IOException | InterruptedException | RuntimeException e) {
            data.close();
            throw e;
        }
    }

    private static SensorAgent start(
            SensorClient client, URI server, Settings settings, Parts parts, DataDirectory data)
            throws IOException, InterruptedException {
        AgentState state = new AgentState(settings.dataDir());
        IdentityFile identityFile = new IdentityFile(settings.dataDir());
        Optional<SensorClient.Identity> known = identityFile.read(server.toString());
        SensorClient.Identity id;
        int interval = 30;
        if (known.isPresent()) {
            id = known.get();
            LOG.info("sensor {} (identity from {})", id.sensorId(), identityFile.path());
        } else {
            RegisterResponse r = register(client, server, settings);
            id = new SensorClient.Identity(r.sensorId(), r.secret());
            identityFile.write(id, server.toString());
            interval = r.checkinIntervalSeconds();
            LOG.info("registered with {} as sensor {} in group {}", server, r.sensorId(), r.groupId());
        }
        return new SensorAgent(client, server, id, interval, settings, parts, state, data);
    }

    private static RegisterResponse register(SensorClient client, URI server, Settings settings)
            throws IOException, InterruptedException {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), settings.maxBackoff());
        HostProbe probe = new HostProbe();
        while (true) {
            try {
                return client.register(probe.registration(settings.groupId()), settings.registrationToken());
            } catch (SensorProtocolException e) {
                if (e.status() == 401 || e.status() == 403) {
                    throw new IOException(
                            (settings.registrationToken().isEmpty()
                                            ? "no registration token was given"
                                            : "the server refused the registration token")
                                    + " (give the server's or a group's enrolment token with"
                                    + " --registration-token-file PATH or $" + SensorOptions.TOKEN_ENV + "): "
                                    + e.getMessage(),
                            e);
                }
                // What will not change by asking again; anything else (429, 5xx, a proxy's 404) may.
                if (e.status() == 400) throw new IOException("the server refused the registration: " + e, e);
                waitBeforeRetry(backoff, server, e);
            } catch (IOException e) {
                if (untrusted(e)) {
                    throw new IOException(
                            "the server's TLS certificate is not trusted (give the certificate of the authority that"
                                    + " signed it with --cacert): " + e,
                            e);
                }
                waitBeforeRetry(backoff, server, e);
            }
        }
    }

    /** Whether the connection failed because the server's certificate did not verify: asking again will not help. */
    static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException
                    || t instanceof javax.net.ssl.SSLPeerUnverifiedException
                    || t instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static void waitBeforeRetry(Backoff backoff, URI server, IOException e) throws InterruptedException {
        Duration d = backoff.next();
        LOG.warn("cannot register with {} ({}); trying again in {} ms", server, e.toString(), d.toMillis());
        Thread.sleep(d);
    }

    public SensorClient.Identity identity() {
        return id;
    }

    /** Event logs waiting on the spool now. */
    public long spooledLogs() {
        return spool.size().logs();
    }

    /** When the last check-in was answered, if one was. */
    public Optional<Instant> lastCheckin() {
        return Optional.ofNullable(lastCheckin);
    }

    /** Whether the sensor removed itself (an {@code uninstall} action). */
    public boolean uninstalled() {
        return uninstalled;
    }

    /** Blocks until the sensor stops: closed, or uninstalled by the server. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStopped(Duration d) throws InterruptedException {
        return stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Checks in at once rather than at the end of the interval. */
    public void checkinNow() {
        synchronized (wake) {
            checkinNow = true;
            wake.notifyAll();
        }
    }

    private Loops startLoops() {
        EventBatcher batcher = new EventBatcher(spool, state, settings.batch());
        SpoolUploader uploader = new SpoolUploader(client, id, spool, settings.maxBackoff(), this::checkinNow);
        Telemetry telemetry = null;
        try {
            telemetry = parts.telemetry().start(batcher, id.sensorId());
        } catch (Exception e) {
            // The sensor still checks in, takes actions and sends what is spooled: an operator sees it is there.
            LOG.error("telemetry did not start; this sensor reports no events", e);
        }
        return new Loops(batcher, uploader, telemetry);
    }

    private void stopLoops(Loops l) {
        if (l.telemetry() != null) {
            try {
                l.telemetry().close();
            } catch (RuntimeException e) {
                LOG.warn("telemetry did not close cleanly: {}", e.toString());
            }
        }
        l.batcher().close();
        l.uploader().close();
    }

    private synchronized void startLiveResponse() {
        if (liveResponse != null || parts.liveResponse().isEmpty() || stopping) return;
        try {
            Path work = OwnerOnlyFiles.directory(settings.dataDir().resolve("liveresponse"));
            liveResponse = parts.liveResponse().get().start(client, id, work);
            liveResponseFailures = 0;
        } catch (Exception e) {
            // Tried again at every check-in: the whole trace once, then a line each time.
            if (liveResponseFailures++ == 0) LOG.error("live response did not start (tried again at each check-in)", e);
            else LOG.warn("live response did not start again: {}", e.toString());
        }
    }

    private synchronized void stopLiveResponse() {
        if (liveResponse == null) return;
        try {
            liveResponse.close();
        } catch (Exception e) {
            LOG.warn("live response did not close cleanly: {}", e.toString());
        }
        liveResponse = null;
    }

    private HostStatus status(boolean isolated) {
        var size = spool.size();
        return probe.status(
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos),
                new HostProbe.Spooled(size.logs(), size.bytes()),
                isolated,
                liveResponse != null,
                new HostProbe.Drops(state.droppedEvents(), state.droppedEventLogs()));
    }

    private void checkinLoop() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), settings.maxBackoff());
        try {
            // An isolation kept from before this start may name an address the server no longer has.
            if (actions.isolated()) refreshIsolation();
        } catch (Exception e) {
            LOG.error("isolation not refreshed at start-up", e);
        }
        while (!stopping) {
            try {
                if (!checkIn(backoff)) return;
            } catch (Exception e) {
                // A bug or a surprising answer must not end the check-ins: the sensor could never be reached again.
                // (An Error ends the process instead: SensorMain.exitOnUncaughtError, -XX:+ExitOnOutOfMemoryError.)
                Duration d = backoff.next();
                LOG.error("check-in went wrong; trying again in {} ms", d.toMillis(), e);
                pause(d);
            }
        }
    }

    /** One check-in and what follows it; false when the check-ins end (stopping, uninstalled). */
    private boolean checkIn(Backoff backoff) {
        var results = actions.unreported();
        boolean uninstallReported = uninstallPending;
        // Asked once: reported, and whether to refresh the isolation after the answer.
        boolean isolated = actions.isolated();
        CheckinRequest request = new CheckinRequest(
                List.of(),
                JSON.valueToTree(status(isolated)),
                state.banListVersion(),
                results,
                state.ingressFilterVersion(),
                state.configVersion());
        SensorClient.Checkin answer;
        try {
            answer = client.checkin(id, request);
        } catch (IOException e) {
            Duration d = backoff.next();
            LOG.warn("check-in failed ({}); trying again in {} ms", e.toString(), d.toMillis());
            // Isolated, the failure may be the isolation's: the server's name may point elsewhere now.
            if (isolated && isolationRefresh.dueAfterFailure(Duration.ofSeconds(Math.max(1, intervalSeconds)))) {
                refreshIsolation();
            }
            pause(d);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
        backoff.reset();
        lastCheckin = Instant.now();
        actions.reported(results);
        if (uninstallReported) {
            uninstall();
            return false;
        }
        boolean again = apply(answer.response(), isolated);
        if (!again) pause(Duration.ofSeconds(Math.max(1, intervalSeconds)));
        return true;
    }

    /**
     * Applies a check-in's answer; true when results wait to be reported (actions carried out now, or re-delivered
     * ones answered again): the sensor then checks in at once.
     */
    private boolean apply(CheckinResponse r, boolean isolated) {
        intervalSeconds = r.checkinIntervalSeconds();
        if (r.config() != null) state.config(r.config());
        if (r.banList() != null) state.banList(r.banList());
        if (r.ingressFilters() != null)
            state.ingressFilterVersion(r.ingressFilters().version());
        if (r.binaryRequests() != null && !r.binaryRequests().isEmpty()) binaries.request(r.binaryRequests());
        // Whether or not a session waits (r.liveResponse()): a start that failed is tried again at every check-in.
        startLiveResponse();
        // Before the actions: an unisolate among them must not be undone by a refresh from the earlier state.
        if (isolated) refreshIsolation();
        if (r.actions() != null && !r.actions().isEmpty()) actions.carryOut(r.actions());
        return actions.hasUnreported();
    }

    private void refreshIsolation() {
        isolationRefresh.refreshed();
        actions.refreshIsolation();
    }

    /** Waits {@code d}, or less when woken ({@link #checkinNow}) or stopping. */
    private void pause(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (wake) {
            while (!stopping && !checkinNow) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    TimeUnit.NANOSECONDS.timedWait(wake, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            checkinNow = false;
        }
    }

    /** The actions that concern the agent itself. */
    private final class Actions implements ActionRunner.Agent {
        @Override
        public void flush(Instant until) {
            loops.batcher().flush(until);
            loops.uploader().hurry();
        }

        @Override
        public void restart() {
            synchronized (lifecycle) {
                if (stopping) return; // close or uninstall stops the loops themselves
                LOG.info("restarting telemetry, spooling and uploads");
                Loops old = loops;
                stopLoops(old);
                loops = startLoops();
                stopLiveResponse();
                startLiveResponse();
            }
        }

        @Override
        public void uninstallAfterReport() {
            uninstallPending = true;
        }
    }

    /** The server heard the uninstall's result: stop everything and remove what the sensor keeps. */
    private void uninstall() {
        LOG.info("uninstalling: stopping and removing the sensor's data in {}", settings.dataDir());
        synchronized (lifecycle) {
            stopping = true;
            stopLiveResponse();
            stopLoops(loops);
            binaries.close();
            Path dir = settings.dataDir();
            // Only what the sensor itself created (the directory was empty or new when it took it).
            for (String name : List.of(
                    "identity.json",
                    ".tmp-identity.json",
                    "state.json",
                    ".tmp-state.json",
                    BinaryUploads.GZIPPED,
                    "spool",
                    "liveresponse",
                    DataDirectory.MARKER,
                    ".tmp-" + DataDirectory.MARKER)) {
                deleteTree(dir.resolve(name));
            }
            data.close();
            deleteTree(dir.resolve(DataDirectory.LOCK));
            try (Stream<Path> rest = Files.list(dir)) {
                if (rest.findAny().isEmpty()) Files.delete(dir);
            } catch (IOException e) {
                LOG.warn("{} not removed: {}", dir, e.toString());
            }
            uninstalled = true;
        }
        stopped.countDown();
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        } catch (IOException e) {
            LOG.warn("{} not removed: {}", p, e.toString());
        }
    }

    /** Stops the sensor: telemetry, live response, check-ins; what was observed is spooled for the next start. */
    @Override
    public void close() {
        if (stopped.getCount() == 0) return;
        stopping = true;
        checkinNow();
        try {
            // A check-in under way (the server slow to answer) is interrupted rather than waited for.
            if (!checkins.join(Duration.ofSeconds(5))) {
                checkins.interrupt();
                checkins.join(Duration.ofSeconds(25));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lifecycle) {
            if (!uninstalled) {
                stopLiveResponse();
                stopLoops(loops);
                binaries.close();
                data.close();
            }
        }
        stopped.countDown();
    }
}
