package io.lampblack.server.liveresponse;

import io.lampblack.protocol.sensor.LiveResponseProtocol.SessionInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session's state: its status, what the sensor said it offers, its commands, its files, and the times its
 * timeouts count from. Every change happens under its lock, and wakes whoever waits for a command of it
 * ({@code ?wait=true}).
 */
final class LiveSession {

    final long id;
    final LiveSensors.LiveSensor sensor;
    final Instant created;
    final Duration sessionTimeout;
    final Duration sensorWait;
    final Duration checkinTimeout;
    final SessionFiles files;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private SessionStatus status = SessionStatus.PENDING;
    private SessionInfo info = new SessionInfo(List.of(), List.of(), "");
    private final Map<Long, LiveCommand> commands = new LinkedHashMap<>();
    private long nextCommandId = 1;
    private long nextFileId = 1;
    private Instant lastClientUse;
    /** When the sensor was first told of the session (a check-in answer or its poll); null before. */
    private Instant toldSensor;
    /** Whether the sensor's poll took the session's {@code open} work. */
    private boolean delivered;

    private Instant ended;
    /** Bytes of the sensor's results held (in memory, until the session ends): bounded per session by eviction. */
    private long resultBytes;
    /** The finished commands whose results are held, oldest first, with what each result takes. */
    private final java.util.ArrayDeque<long[]> heldResults = new java.util.ArrayDeque<>();
    /** Commands pending or in progress (the cap on commands counts these). */
    private int unfinished;
    /** JSON bytes of the requests ({@code object} and other keys) of the commands the session remembers. */
    private long requestBytes;
    /** Whether the results went to the command log on disk when the session ended (and left memory). */
    private boolean resultsOnDisk;
    /** Whether the sensor ever took the session up (a session that timed out before is answered as not found). */
    private boolean wasActive;

    LiveSession(
            long id,
            LiveSensors.LiveSensor sensor,
            Instant created,
            Duration sessionTimeout,
            Duration sensorWait,
            Duration checkinTimeout,
            SessionFiles files) {
        this.id = id;
        this.sensor = sensor;
        this.created = created;
        this.lastClientUse = created;
        this.sessionTimeout = sessionTimeout;
        this.sensorWait = sensorWait;
        this.checkinTimeout = checkinTimeout;
        this.files = files;
    }

    SessionView view(Duration storageTtl) {
        lock.lock();
        try {
            return new SessionView(
                    id,
                    sensor,
                    status,
                    info.supportedCommands() == null ? List.of() : List.copyOf(info.supportedCommands()),
                    info.drives() == null ? List.of() : List.copyOf(info.drives()),
                    info.currentWorkingDirectory() == null ? "" : info.currentWorkingDirectory(),
                    sessionTimeout,
                    sensorWait,
                    checkinTimeout,
                    files.totalSize(),
                    storageTtl,
                    created);
        } finally {
            lock.unlock();
        }
    }

    SessionStatus status() {
        lock.lock();
        try {
            return status;
        } finally {
            lock.unlock();
        }
    }

    Optional<Instant> ended() {
        lock.lock();
        try {
            return Optional.ofNullable(ended);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The session ends (unless it has already); answers whether this call ended it. {@code tellSensor} runs under the
     * session's lock once it has ended (it withdraws the work still queued for the sensor and tells it to close), so
     * that no command of the session can be handed to the sensor after it: {@link #add} hands a command over under
     * the same lock, and only while the session is open.
     */
    boolean end(SessionStatus outcome, Instant at, Runnable tellSensor) {
        lock.lock();
        try {
            if (!status.open()) return false;
            status = outcome;
            ended = at;
            for (LiveCommand c : List.copyOf(commands.values())) {
                if (!c.status().done()) {
                    LiveCommand done =
                            c.ended(CommandStatus.CANCEL, at, 0, "WinHresult", "the session ended", c.result());
                    commands.put(c.id(), done);
                    unfinished--;
                    settled(done);
                }
            }
            tellSensor.run();
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code handOver} under the session's lock if the session is open (a pending session's {@code open} work is
     * posted this way, so that it never follows the session's end); answers whether it ran.
     */
    boolean whileOpen(Runnable handOver) {
        lock.lock();
        try {
            if (!status.open()) return false;
            handOver.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A command is done: the file a {@code get file} or {@code memdump} was to fill takes no more content from the
     * sensor (a late or repeated upload cannot replace what the command produced, nor fill a cancelled one's).
     */
    private void settled(LiveCommand c) {
        if (c.status().done() && !c.name().equals(io.lampblack.protocol.sensor.LiveResponseProtocol.PUT_FILE))
            c.fileId().ifPresent(files::seal);
    }

    /** The sensor took the session up: it is active now, offering what the sensor said. */
    boolean activate(SessionInfo offered) {
        lock.lock();
        try {
            if (status != SessionStatus.PENDING) return false;
            status = SessionStatus.ACTIVE;
            wasActive = true;
            info = offered;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ended by a timeout before the sensor took it up. */
    boolean timedOutPending() {
        lock.lock();
        try {
            return status == SessionStatus.TIMEOUT && !wasActive;
        } finally {
            lock.unlock();
        }
    }

    void touchedByClient(Instant at) {
        lock.lock();
        try {
            if (at.isAfter(lastClientUse)) lastClientUse = at;
        } finally {
            lock.unlock();
        }
    }

    void toldSensor(Instant at) {
        lock.lock();
        try {
            if (toldSensor == null) toldSensor = at;
        } finally {
            lock.unlock();
        }
    }

    void delivered(Instant at) {
        lock.lock();
        try {
            delivered = true;
            if (toldSensor == null) toldSensor = at;
        } finally {
            lock.unlock();
        }
    }

    /** Pending and its {@code open} not yet taken by the sensor's poll. */
    boolean waitingForSensor() {
        lock.lock();
        try {
            return status == SessionStatus.PENDING && !delivered;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The timeout the session has run into at {@code now}, if any: a pending one waits {@code check_in_timeout} for a
     * sensor never told of it and {@code sensor_wait_timeout} once it was; an open one ends {@code session_timeout}
     * after a client last used it.
     */
    Optional<String> expiredAt(Instant now) {
        lock.lock();
        try {
            if (status == SessionStatus.PENDING) {
                if (toldSensor != null && now.isAfter(toldSensor.plus(sensorWait)))
                    return Optional.of("the sensor did not take the session up within " + sensorWait.toSeconds()
                            + " s (sensor_wait_timeout)");
                if (now.isAfter(created.plus(checkinTimeout)))
                    return Optional.of("the sensor did not check in within " + checkinTimeout.toSeconds()
                            + " s (check_in_timeout)");
            }
            if (status.open() && now.isAfter(lastClientUse.plus(sessionTimeout)))
                return Optional.of(
                        "no client used the session for " + sessionTimeout.toSeconds() + " s (session_timeout)");
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    long allocateFileId() {
        lock.lock();
        try {
            return nextFileId++;
        } finally {
            lock.unlock();
        }
    }

    /** The bounds on a session's commands (see {@link LiveResponse#MAX_COMMANDS_PER_SESSION} and those after it). */
    record CommandCaps(int maxUnfinished, int maxRemembered, long maxRequestBytes) {}

    /**
     * Adds a command made from its id and hands it to the sensor ({@code handOver}, under the session's lock: see
     * {@link #end}); refused (empty) when the session no longer takes commands. {@code make} runs only once the
     * command is taken, under the lock, so that what it sets up (the file a {@code get file} fills) exists only for a
     * command that does; should the hand-over fail, {@code undo} takes it back.
     *
     * @param requestBytes the JSON bytes of the command's {@code object} and other keys
     * @throws LiveResponseProblem (conflict, {@code too_many_commands}) when the session has {@code maxUnfinished}
     *     commands pending, or remembers {@code maxRemembered} commands or {@code maxRequestBytes} of requests
     */
    Optional<LiveCommand> add(
            CommandCaps caps,
            long requestBytes,
            java.util.function.LongFunction<LiveCommand> make,
            java.util.function.Consumer<LiveCommand> handOver,
            java.util.function.Consumer<LiveCommand> undo) {
        lock.lock();
        try {
            if (!status.open()) return Optional.empty();
            if (unfinished >= caps.maxUnfinished())
                throw LiveResponseProblem.conflict(
                        "too_many_commands",
                        "Session " + id + " has " + caps.maxUnfinished() + " commands pending, the most one session"
                                + " may; wait for some to complete");
            if (commands.size() >= caps.maxRemembered() || this.requestBytes + requestBytes > caps.maxRequestBytes())
                throw LiveResponseProblem.conflict(
                        "too_many_commands",
                        "Session " + id + " holds " + commands.size() + " commands (" + this.requestBytes
                                + " bytes of requests), the most one session may: " + caps.maxRemembered()
                                + " commands, " + caps.maxRequestBytes() + " bytes; close it and open another");
            LiveCommand c = make.apply(nextCommandId++);
            commands.put(c.id(), c);
            unfinished++;
            this.requestBytes += requestBytes;
            try {
                handOver.accept(c);
            } catch (RuntimeException e) {
                commands.remove(c.id());
                unfinished--;
                this.requestBytes -= requestBytes;
                undo.accept(c);
                throw e;
            }
            return Optional.of(c);
        } finally {
            lock.unlock();
        }
    }

    Optional<LiveCommand> command(long commandId) {
        lock.lock();
        try {
            return Optional.ofNullable(commands.get(commandId));
        } finally {
            lock.unlock();
        }
    }

    List<LiveCommand> commands() {
        lock.lock();
        try {
            return new ArrayList<>(commands.values());
        } finally {
            lock.unlock();
        }
    }

    /** Ends a pending command; answers the ended command, or empty when it had ended already (or is unknown). */
    Optional<LiveCommand> finish(long commandId, java.util.function.UnaryOperator<LiveCommand> outcome) {
        return finish(commandId, outcome, c -> {});
    }

    /** {@link #finish}, then {@code tellSensor} of the ended command, under the session's lock. */
    Optional<LiveCommand> finish(
            long commandId,
            java.util.function.UnaryOperator<LiveCommand> outcome,
            java.util.function.Consumer<LiveCommand> tellSensor) {
        return finish(commandId, outcome, tellSensor, 0, Long.MAX_VALUE, c -> c);
    }

    /**
     * {@link #finish}, the ended command's result held in memory as taking {@code resultSize} bytes: while the
     * session's held results take more than {@code maxHeld}, the oldest finished command's is evicted (the command
     * made {@code evicted}), so that a long session (a directory walk) keeps its newest results and memory stays
     * bounded.
     */
    Optional<LiveCommand> finish(
            long commandId,
            java.util.function.UnaryOperator<LiveCommand> outcome,
            java.util.function.Consumer<LiveCommand> tellSensor,
            long resultSize,
            long maxHeld,
            java.util.function.UnaryOperator<LiveCommand> evicted) {
        lock.lock();
        try {
            LiveCommand c = commands.get(commandId);
            if (c == null || c.status().done()) return Optional.empty();
            LiveCommand done = outcome.apply(c);
            commands.put(commandId, done);
            unfinished--;
            settled(done);
            if (resultSize > 0 && !resultsOnDisk) {
                heldResults.addLast(new long[] {commandId, resultSize});
                resultBytes += resultSize;
                while (resultBytes > maxHeld && !heldResults.isEmpty()) {
                    long[] oldest = heldResults.removeFirst();
                    resultBytes -= oldest[1];
                    commands.computeIfPresent(oldest[0], (k, old) -> evicted.apply(old));
                }
            }
            tellSensor.accept(done);
            changed.signalAll();
            return Optional.of(commands.get(commandId));
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the command is done or {@code max} passed; answers it as it then is. */
    Optional<LiveCommand> await(long commandId, Duration max) throws InterruptedException {
        long nanos = max.toNanos();
        lock.lock();
        try {
            LiveCommand c = commands.get(commandId);
            while (c != null && !c.status().done() && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
                c = commands.get(commandId);
            }
            return Optional.ofNullable(c);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The command log is on disk: what it holds in full leaves memory, each command made {@code smaller} (the
     * documents keep the rest).
     */
    void dropResults(java.util.function.UnaryOperator<LiveCommand> smaller) {
        lock.lock();
        try {
            for (LiveCommand c : List.copyOf(commands.values())) commands.put(c.id(), smaller.apply(c));
            resultBytes = 0;
            heldResults.clear();
            resultsOnDisk = true;
        } finally {
            lock.unlock();
        }
    }

    boolean resultsOnDisk() {
        lock.lock();
        try {
            return resultsOnDisk;
        } finally {
            lock.unlock();
        }
    }
}
