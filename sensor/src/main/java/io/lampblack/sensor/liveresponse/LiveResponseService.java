package io.lampblack.sensor.liveresponse;

import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.PollResponse;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Result;
import io.lampblack.protocol.sensor.LiveResponseProtocol.SessionInfo;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.client.SensorClient.SensorProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sensor's side of live response (docs/sensor-protocol.md §7). While it runs it holds the poll: a new poll goes
 * out as soon as the last one was answered, so a command reaches the sensor at once. Each command runs on a virtual
 * thread of its own, so a long one (a memory dump, a process waited for) never holds up the others or the poll;
 * its result is posted when it ends. At most {@link Limits#maxRunning()} commands run at once (one more is answered
 * "busy"), a command handed out again after it finished is not run again, and an idle session is forgotten.
 * {@code cancel} and {@code close} stop what still runs; {@link #close()} stops the poll and every command.
 *
 * <p>Network errors are retried after a pause that doubles from one second up to a minute, each drawn at random
 * from its upper half so that sensors cut off together do not come back together; a 409 (another poll of this
 * sensor is still held, e.g. by a sensor process that just restarted) waits a few seconds and tries again. A result
 * the server refuses as too large (413) is not sent again: a short error result says so instead.
 */
public final class LiveResponseService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveResponseService.class);

    /** How long the sensor asks the server to hold a poll; the server caps it and ends it with jitter. */
    static final int POLL_WAIT_SECONDS = 30;

    private static final int RESULT_ATTEMPTS = 6;
    /**
     * Waits for a server that is busy taking this sensor's other results (429, or 503 when its memory for results is
     * taken): not failures, so they use no attempt while the session is open here; at most this many, a few minutes.
     */
    private static final int RESULT_BUSY_WAITS = 120;

    /** The pauses of the poll loop, shortened by tests. */
    record Pauses(Duration firstBackoff, Duration maxBackoff, Duration onConflict) {
        static final Pauses DEFAULT = new Pauses(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(5));

        Duration backoff(int failures) {
            long max = Math.min(maxBackoff.toMillis(), firstBackoff.toMillis() << Math.min(failures - 1, 20));
            return Duration.ofMillis(max / 2 + ThreadLocalRandom.current().nextLong(max / 2 + 1));
        }
    }

    /**
     * How much the sensor takes on: at most {@code maxRunning} commands at once over all sessions (one more is
     * answered "busy" at once), and a session without work or running commands for {@code sessionIdle} is forgotten
     * (the server closes sessions itself; this only bounds what a sensor holds when a close never came).
     */
    record Limits(int maxRunning, Duration sessionIdle) {
        static final Limits DEFAULT = new Limits(8, Duration.ofHours(1));
    }

    /** How many finished command ids a session remembers, so that a command handed out twice is not run twice. */
    static final int REMEMBERED_COMMANDS = 1024;

    static final int REMEMBERED_CLOSED_SESSIONS = 1024;

    /** An open session: what runs in it now, what it already ran, and when it was last used. */
    private static final class Session {
        final long id;
        final Map<Long, Running> commands = new ConcurrentHashMap<>();
        private final Set<Long> finished = new LinkedHashSet<>();
        volatile boolean closed;
        volatile long lastUsed = System.nanoTime();

        Session(long id) {
            this.id = id;
        }

        synchronized boolean ranAlready(long commandId) {
            return finished.contains(commandId);
        }

        synchronized void finished(long commandId) {
            finished.add(commandId);
            if (finished.size() > REMEMBERED_COMMANDS)
                finished.remove(finished.iterator().next());
            lastUsed = System.nanoTime();
        }

        boolean idleFor(Duration d) {
            return commands.isEmpty() && System.nanoTime() - lastUsed > d.toNanos();
        }
    }

    private record Running(Thread thread, Cancellation cancellation) {
        void stop() {
            cancellation.cancel();
            thread.interrupt();
        }
    }

    private final SensorClient client;
    private final SensorClient.Identity id;
    private final CommandExecutor executor;
    private final Path cwd;
    private final Pauses pauses;
    private final Limits limits;
    private final Semaphore slots;
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    /** The sessions the server closed, most recent last: a command for one of them is refused. */
    private final Set<Long> closedSessions = new LinkedHashSet<>();

    private final Thread poller;
    private volatile boolean running = true;

    private LiveResponseService(
            SensorClient client,
            SensorClient.Identity id,
            CommandExecutor executor,
            Path workDir,
            Pauses pauses,
            Limits limits) {
        this.client = client;
        this.limits = limits;
        this.slots = new Semaphore(limits.maxRunning());
        this.id = id;
        this.executor = executor;
        this.cwd = workDir != null && Files.isDirectory(workDir) ? workDir.toAbsolutePath() : Path.of("/");
        this.pauses = pauses;
        this.poller = Thread.ofVirtual().name("lr-poll-" + id.sensorId()).unstarted(this::pollLoop);
    }

    /**
     * Starts holding the poll for sensor {@code id}. {@code workDir} (the sensor's data directory) is where a
     * session starts; "/" when it is not a directory.
     */
    public static LiveResponseService start(SensorClient client, SensorClient.Identity id, Path workDir) {
        return start(client, id, workDir, new CommandExecutor(id.sensorId()), Pauses.DEFAULT, Limits.DEFAULT);
    }

    static LiveResponseService start(
            SensorClient client,
            SensorClient.Identity id,
            Path workDir,
            CommandExecutor executor,
            Pauses pauses,
            Limits limits) {
        LiveResponseService s = new LiveResponseService(client, id, executor, workDir, pauses, limits);
        s.poller.start();
        return s;
    }

    /** What an {@code open} is answered with. */
    SessionInfo sessionInfo() {
        return new SessionInfo(LiveResponseProtocol.NON_REGISTRY_COMMANDS, List.of("/"), cwd.toString());
    }

    private void pollLoop() {
        int failures = 0;
        // After a poll that got no answer, the server may still hold it on the dead connection: the next one says so.
        boolean broke = false;
        while (running) {
            try {
                PollResponse answer = client.pollLiveResponse(id, POLL_WAIT_SECONDS, broke);
                failures = 0;
                broke = false;
                if (answer != null && answer.work() != null) {
                    for (Work w : answer.work()) dispatch(w);
                }
                forgetIdleSessions();
            } catch (SensorProtocolException e) {
                if (!running) break;
                if (e.status() == 409) {
                    LOG.info("live-response poll: another poll of this sensor is held; trying again shortly");
                    pause(pauses.onConflict());
                } else {
                    failures++;
                    LOG.warn("live-response poll refused ({}); retrying", e.getMessage());
                    pause(pauses.backoff(failures));
                }
            } catch (IOException e) {
                if (!running) break;
                failures++;
                broke = true;
                LOG.warn("live-response poll failed ({}); retrying", String.valueOf(e.getMessage()));
                pause(pauses.backoff(failures));
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (Exception e) {
                // a malformed answer, or a bug: the poll must go on regardless (an Error ends the sensor's process)
                if (!running) break;
                failures++;
                LOG.warn("live-response poll answer not understood", e);
                pause(pauses.backoff(failures));
            }
        }
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            // close() ends the loop through the running flag
        }
    }

    private void rememberClosed(long sessionId) {
        synchronized (closedSessions) {
            closedSessions.add(sessionId);
            if (closedSessions.size() > REMEMBERED_CLOSED_SESSIONS)
                closedSessions.remove(closedSessions.iterator().next());
        }
    }

    private void forgetClosed(long sessionId) {
        synchronized (closedSessions) {
            closedSessions.remove(sessionId);
        }
    }

    private boolean wasClosed(long sessionId) {
        synchronized (closedSessions) {
            return closedSessions.contains(sessionId);
        }
    }

    private void forgetIdleSessions() {
        sessions.values().removeIf(s -> s.idleFor(limits.sessionIdle()));
    }

    private void dispatch(Work w) {
        if (w == null || w.type() == null) return;
        Session known = sessions.get(w.sessionId());
        if (known != null) known.lastUsed = System.nanoTime();
        switch (w.type()) {
            case LiveResponseProtocol.OPEN -> {
                // An id the server opens again (its numbering restarted after old sessions were purged) is new.
                forgetClosed(w.sessionId());
                sessions.computeIfAbsent(w.sessionId(), Session::new);
                Thread.ofVirtual()
                        .name("lr-open-" + w.sessionId())
                        .start(() -> post(Result.opened(w.sessionId(), sessionInfo())));
            }
            case LiveResponseProtocol.COMMAND -> startCommand(w);
            case LiveResponseProtocol.CANCEL -> {
                Session s = sessions.get(w.sessionId());
                Running r = s == null || w.commandId() == null ? null : s.commands.get(w.commandId());
                if (r != null) r.stop();
            }
            case LiveResponseProtocol.CLOSE -> {
                rememberClosed(w.sessionId());
                Session s = sessions.remove(w.sessionId());
                if (s != null) {
                    s.closed = true;
                    s.commands.values().forEach(Running::stop);
                }
            }
            default -> LOG.warn("live-response work of unknown type '{}' ignored", w.type());
        }
    }

    private void startCommand(Work w) {
        if (w.commandId() == null) {
            LOG.warn("live-response command without an id in session {} ignored", w.sessionId());
            return;
        }
        if (wasClosed(w.sessionId())) {
            // A command handed out after its session's close never runs; the server hears why (a server that ended
            // the session drops the answer).
            Thread.ofVirtual()
                    .name("lr-nosession-" + w.sessionId() + "-" + w.commandId())
                    .start(() -> post(Result.error(
                            w.sessionId(),
                            w.commandId(),
                            LiveResponseProtocol.E_FAIL,
                            "session " + w.sessionId() + " is closed on this sensor")));
            return;
        }
        // Forgotten while idle (a session kept open by keepalives alone) or opened before this sensor restarted: the
        // server still has it open, so it is taken up again.
        Session session = sessions.computeIfAbsent(w.sessionId(), Session::new);
        // handed out twice (a poll answered again after a lost result): it runs or ran already
        if (session.commands.containsKey(w.commandId()) || session.ranAlready(w.commandId())) return;
        if (!slots.tryAcquire()) {
            Thread.ofVirtual()
                    .name("lr-busy-" + w.sessionId() + "-" + w.commandId())
                    .start(() -> post(Result.error(
                            w.sessionId(),
                            w.commandId(),
                            LiveResponseProtocol.E_FAIL,
                            "busy: " + limits.maxRunning()
                                    + " commands already run on this sensor; try again when one has finished")));
            return;
        }
        Cancellation cancellation = new Cancellation();
        Thread t = Thread.ofVirtual()
                .name("lr-" + w.sessionId() + "-" + w.commandId())
                .unstarted(() -> runCommand(session, w, cancellation));
        session.commands.put(w.commandId(), new Running(t, cancellation));
        t.start();
    }

    private void runCommand(Session session, Work w, Cancellation cancellation) {
        long sid = session.id;
        long cid = w.commandId();
        Result result;
        try {
            result = Result.complete(sid, cid, executor.execute(w, cwd, files(sid), cancellation));
        } catch (CommandFailure f) {
            result = cancellation.cancelled() ? aborted(sid, cid) : Result.error(sid, cid, f.hresult(), f.getMessage());
        } catch (InterruptedException e) {
            result = aborted(sid, cid);
        } catch (Exception e) {
            LOG.warn("live-response command {} '{}' failed", cid, w.name(), e);
            result = cancellation.cancelled()
                    ? aborted(sid, cid)
                    : Result.error(sid, cid, LiveResponseProtocol.E_FAIL, w.name() + " failed: " + e);
        } finally {
            session.finished(cid);
            session.commands.remove(cid);
            slots.release(); // before the result goes out: whoever reads it may send the next command at once
        }
        Thread.interrupted(); // a cancel that came late must not stop the result from being posted
        if (session.closed || !running) return; // the server dropped the session; nobody waits for the result
        post(result);
    }

    private static Result aborted(long sid, long cid) {
        return Result.error(sid, cid, LiveResponseProtocol.E_ABORT, "cancelled");
    }

    /**
     * Posts a result, retrying network errors. A 404 means the server no longer waits for it, a 400 that it will
     * never take it (retrying the same body cannot help); either drops it. A 413 (larger than the server takes) is
     * final too: a short error result goes in its place, so that the analyst learns why rather than waiting.
     */
    private void post(Result result) {
        int busyWaits = 0;
        for (int attempt = 1; attempt <= RESULT_ATTEMPTS && running; attempt++) {
            try {
                client.liveResponseResult(id, result);
                return;
            } catch (SensorProtocolException e) {
                if ((e.status() == 429 || e.status() == 503)
                        && busyWaits < RESULT_BUSY_WAITS
                        && sessions.containsKey(result.sessionId())) {
                    busyWaits++;
                    attempt--;
                    pause(pauses.backoff(2));
                    continue;
                }
                if (e.status() == 413 && LiveResponseProtocol.COMPLETE.equals(result.status())) {
                    LOG.warn(
                            "live-response result for session {} command {} is too large for the server: {}",
                            result.sessionId(),
                            result.commandId(),
                            e.getMessage());
                    post(Result.error(
                            result.sessionId(),
                            result.commandId(),
                            LiveResponseProtocol.E_FAIL,
                            "the result is larger than the server takes (" + e.getMessage()
                                    + "); ask for less, e.g. narrow the path or use a wildcard"));
                    return;
                }
                if (e.status() == 404 || e.status() == 400 || e.status() == 413) {
                    LOG.info(
                            "live-response result for session {} command {} not taken: {}",
                            result.sessionId(),
                            result.commandId(),
                            e.getMessage());
                    return;
                }
                LOG.warn("posting a live-response result failed ({}); retrying", e.getMessage());
                pause(pauses.backoff(attempt));
            } catch (IOException e) {
                LOG.warn("posting a live-response result failed ({}); retrying", String.valueOf(e.getMessage()));
                pause(pauses.backoff(attempt));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // not the network's doing: sending the same result again would fail the same way
                LOG.warn(
                        "live-response result for session {} command {} not sent",
                        result.sessionId(),
                        result.commandId(),
                        e);
                return;
            }
        }
        LOG.warn("live-response result for session {} command {} given up", result.sessionId(), result.commandId());
    }

    private SessionFiles files(long sessionId) {
        return new SessionFiles() {
            @Override
            public void upload(long fileId, Supplier<InputStream> content) throws IOException, InterruptedException {
                client.uploadLiveResponseFile(id, sessionId, fileId, content);
            }

            @Override
            public long download(long fileId, OutputStream target, long maxBytes)
                    throws IOException, InterruptedException {
                return client.downloadLiveResponseFile(id, sessionId, fileId, target, maxBytes);
            }
        };
    }

    /** Whether any command of any session still runs (for tests and the agent's shutdown). */
    boolean busy() {
        return sessions.values().stream().anyMatch(s -> !s.commands.isEmpty());
    }

    /** Stops the poll and every running command; waits for them to end. */
    @Override
    public void close() {
        running = false;
        poller.interrupt();
        for (Session s : sessions.values()) {
            s.closed = true;
            s.commands.values().forEach(Running::stop);
        }
        try {
            poller.join(Duration.ofSeconds(10));
            for (Session s : sessions.values()) {
                for (Running r : s.commands.values()) r.thread().join(Duration.ofSeconds(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.clear();
    }
}
