package io.lampblack.server.liveresponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.FileStored;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Result;
import io.lampblack.protocol.sensor.LiveResponseProtocol.SessionInfo;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import io.lampblack.server.auth.AuditLog;
import io.lampblack.server.json.Json;
import io.lampblack.server.json.JsonHeap;
import io.lampblack.server.problem.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live response: sessions on sensors, their commands and files, and the sensors' side of it (the long poll, results,
 * file contents). One session per sensor at a time, shared by every client that asks for one (as Carbon Black does:
 * cbapi reuses an open session it finds). Sessions, commands and their state live in memory; files under
 * {@code DATA/liveresponse/sessions/<id>}, kept {@code storage_ttl} after the session ended.
 */
public final class LiveResponse implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveResponse.class);

    /**
     * The heap the sensor's results may hold in a session while it is open (each result is bounded by the sensor
     * API), by {@link JsonHeap}'s estimate of their trees plus their descriptions: beyond it the oldest finished
     * commands' results leave memory (evicted, their documents say so), so that a session cannot fill the heap and a
     * long one keeps working. A single result larger than all of it ends its command in error. A process list or
     * directory listing of about 30 MiB of JSON fits; the same bytes of {@code {},{},...} do not.
     */
    static final long MAX_RESULT_BYTES_PER_SESSION = 128L << 20;

    /**
     * The longest {@code result_desc} and {@code result_type} kept (characters); a longer one is cut, and says so.
     * They are kept with the command, for the session's storage time, and go into the audit log.
     */
    static final int MAX_RESULT_TEXT = 4096;

    /** The most drives a session's sensor may list, and the longest drive or working directory kept. */
    static final int MAX_DRIVES = 64;

    static final int MAX_PATH_TEXT = 4096;

    /**
     * The most commands one session may have pending (not yet complete, failed or cancelled) at once; one more is
     * refused (409 {@code too_many_commands}). Finished ones do not count: cbapi's {@code walk()} sends two commands a
     * directory in one session and would stop, silently, half way.
     */
    static final int MAX_COMMANDS_PER_SESSION = 10_000;

    /**
     * The most commands one session remembers, finished ones included (each is kept, with its request, while the
     * session is open and its document for the storage time after), and the most JSON bytes their requests may take
     * together: so that a session's memory stays bounded however long it runs. Beyond either, 409
     * {@code too_many_commands}.
     */
    static final int MAX_REMEMBERED_COMMANDS_PER_SESSION = 100_000;

    static final long MAX_REQUEST_BYTES_PER_SESSION = 64L << 20;

    /**
     * The most a command's {@code object} and other keys may take (as JSON): they are kept with the command while
     * its session is open, and a command line, a path or a registry value fits many times over. More is refused (400
     * {@code command_too_large}).
     */
    static final int MAX_COMMAND_BYTES = 64 * 1024;

    /** E_OUTOFMEMORY: a result the session has no room left for. */
    static final long E_OUTOFMEMORY = 0x8007000EL;

    /** Renders a session's command log as clients see it (JSON), for the file kept once the session ended. */
    @FunctionalInterface
    public interface CommandLog {
        byte[] render(List<LiveCommand> commands) throws IOException;
    }

    private final LiveSensors sensors;
    private final LiveResponseLimits limits;
    private final Clock clock;
    private final Path sessionsDir;
    private final Path tmpDir;
    private final StorageBudget budget;
    private final SensorMailboxes mailboxes;
    private final LiveAudit audit;
    private final CommandLog commandLog;
    /** {@link #MAX_RESULT_BYTES_PER_SESSION}; lowered by tests, which cannot send 128 MiB cheaply. */
    long maxResultBytesPerSession = MAX_RESULT_BYTES_PER_SESSION;
    /** {@link #MAX_COMMANDS_PER_SESSION}; lowered by tests. */
    int maxCommandsPerSession = MAX_COMMANDS_PER_SESSION;
    /** {@link #MAX_REMEMBERED_COMMANDS_PER_SESSION}; lowered by tests. */
    int maxRememberedCommandsPerSession = MAX_REMEMBERED_COMMANDS_PER_SESSION;
    /** {@link #MAX_REQUEST_BYTES_PER_SESSION}; lowered by tests. */
    long maxRequestBytesPerSession = MAX_REQUEST_BYTES_PER_SESSION;

    private final Map<Long, LiveSession> sessions = new ConcurrentHashMap<>();
    /** The open (pending or active) session of each sensor; changed only under {@code this}. */
    private final Map<Integer, LiveSession> openBySensor = new ConcurrentHashMap<>();

    /** When each sensor last started or ended a poll: an active session whose sensor stopped polling ends. */
    private final Map<Integer, Instant> lastPoll = new ConcurrentHashMap<>();

    /** Waits ({@code ?wait=true}) each user holds now. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> waits = new ConcurrentHashMap<>();

    /** Waits a user may hold at once; more are answered at once. */
    static final int MAX_WAITS_PER_USER = 16;

    private final java.util.concurrent.atomic.AtomicLong commandsIssued = new java.util.concurrent.atomic.AtomicLong();

    /** Directories of sessions from before the last restart, and when their storage time ends. */
    private final Map<Path, Instant> oldDirectories = new ConcurrentHashMap<>();

    private final ScheduledExecutorService expiry;
    private long nextSessionId;

    /** @param commandLog renders the command log written to {@code sessions/<id>/commands.json} when a session ends */
    public LiveResponse(
            Path dir,
            LiveSensors sensors,
            LiveResponseLimits limits,
            AuditLog auditLog,
            Clock clock,
            CommandLog commandLog)
            throws IOException {
        this(dir, sensors, limits, auditLog, clock, commandLog, true);
    }

    /** @param scheduled whether expiry runs every second by itself (tests call {@link #expireNow} instead) */
    LiveResponse(
            Path dir,
            LiveSensors sensors,
            LiveResponseLimits limits,
            AuditLog auditLog,
            Clock clock,
            CommandLog commandLog,
            boolean scheduled)
            throws IOException {
        this.commandLog = commandLog;
        this.sensors = sensors;
        this.limits = limits;
        this.clock = clock;
        this.sessionsDir = Files.createDirectories(dir.resolve("sessions"));
        this.tmpDir = dir.resolve("tmp");
        SessionFiles.deleteTree(tmpDir);
        Files.createDirectories(tmpDir);
        this.audit = new LiveAudit(auditLog, clock);
        this.mailboxes = new SensorMailboxes(limits.maxPollWait());
        // Sessions do not survive a restart (docs/compatibility.md); their files stay for the storage time, and new
        // sessions are numbered after them so that no id names two sessions' files.
        long used = 0;
        long maxId = 0;
        try (Stream<Path> old = Files.list(sessionsDir)) {
            for (Path p : old.toList()) {
                Optional<Long> id = parseId(p.getFileName().toString());
                if (id.isEmpty()) continue;
                maxId = Math.max(maxId, id.get());
                used += sizeOf(p);
                oldDirectories.put(p, Files.getLastModifiedTime(p).toInstant().plus(limits.storageTtl()));
            }
        }
        this.nextSessionId = maxId + 1;
        this.budget = new StorageBudget(limits.maxStorageBytes(), used);
        this.expiry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lr-expiry");
            t.setDaemon(true);
            return t;
        });
        if (scheduled) expiry.scheduleWithFixedDelay(this::expireNow, 1, 1, TimeUnit.SECONDS);
    }

    public LiveResponseLimits limits() {
        return limits;
    }

    /** The group of a sensor, for the access decision of a request about it; empty for an unknown sensor. */
    public Optional<Integer> sensorGroup(int sensorId) {
        return sensors.sensor(sensorId).map(LiveSensors.LiveSensor::groupId);
    }

    /** The group of a session's sensor, for the access decision; empty for an unknown session. */
    public Optional<Integer> sessionGroup(long sessionId) {
        LiveSession s = sessions.get(sessionId);
        return s == null ? Optional.empty() : Optional.of(currentGroup(s));
    }

    /** The group of the session's sensor now (it may have been moved since the session began), else its first. */
    private int currentGroup(LiveSession s) {
        return sensors.sensor(s.sensor.id())
                .map(LiveSensors.LiveSensor::groupId)
                .orElse(s.sensor.groupId());
    }

    // Sessions

    /**
     * The sensor's open session, or a new one. A new one is pending until the sensor takes it up.
     *
     * @param sessionTimeout the client's {@code session_timeout}: kept when shorter than the server's
     *     ({@code --lr-session-timeout-seconds}), which it gets otherwise. Sessions are open on at most
     *     {@code --lr-max-sessions} sensors across all groups, and a longer one would let one client hold a slot
     *     longer than the server's operator allows.
     * @throws LiveResponseProblem for an unknown sensor (not found), one that does not take sessions (conflict,
     *     {@code cblr_not_supported}), or when {@code --lr-max-sessions} are open (too many)
     */
    public SessionView open(int sensorId, String username, Optional<Duration> sessionTimeout) throws IOException {
        LiveSensors.LiveSensor sensor = sensors.sensor(sensorId)
                .orElseThrow(
                        () -> LiveResponseProblem.notFound("sensor_not_found", "Sensor " + sensorId + " not found"));
        LiveSession s;
        synchronized (this) {
            LiveSession existing = openBySensor.get(sensorId);
            if (existing != null && existing.status().open()) {
                existing.touchedByClient(clock.instant());
                audit.session(username, existing, "session joined");
                return existing.view(limits.storageTtl());
            }
            if (!sensor.supportsCblr()) {
                throw LiveResponseProblem.conflict(
                        "cblr_not_supported",
                        "Sensor " + sensorId + " does not support live response (its status does not say"
                                + " supports_cblr)");
            }
            if (openBySensor.size() >= limits.maxSessions()) {
                throw new LiveResponseProblem(
                        Problem.Kind.TOO_MANY,
                        "too_many_sessions",
                        "Sessions are open on " + limits.maxSessions()
                                + " sensors already (--lr-max-sessions); close one first");
            }
            long id = nextSessionId++;
            Path dir = sessionsDir.resolve(Long.toString(id));
            Files.createDirectories(dir);
            s = new LiveSession(
                    id,
                    sensor,
                    clock.instant(),
                    sessionTimeout
                            .filter(t -> t.compareTo(limits.sessionTimeout()) < 0)
                            .orElse(limits.sessionTimeout()),
                    limits.sensorWait(),
                    limits.checkinTimeout(),
                    new SessionFiles(dir, tmpDir, budget, limits.maxFileBytes()));
            sessions.put(id, s);
            openBySensor.put(sensorId, s);
        }
        // Only while it is open: a session a client closed at once must not reach the sensor after its close.
        s.whileOpen(() -> mailboxes.post(sensorId, Work.open(s.id)));
        audit.session(username, s, "session opened");
        return s.view(limits.storageTtl());
    }

    /**
     * The sessions the client may act on (by their sensors' groups now): every one known (ended ones until their
     * storage time ends), or only the pending and active ones.
     */
    public List<SessionView> sessions(boolean openOnly, LiveClient client) {
        return sessions.values().stream()
                .filter(s -> !openOnly || s.status().open())
                .filter(s -> client.administers().test(currentGroup(s)))
                .sorted(Comparator.comparingLong(s -> s.id))
                .map(s -> s.view(limits.storageTtl()))
                .toList();
    }

    /**
     * A session; reading it counts as a client's use of it. A session that timed out before the sensor took it up
     * is answered as not found, as Carbon Black does (cbapi then stops waiting for it).
     */
    public SessionView session(long id, LiveClient client) {
        LiveSession s = find(id, client);
        if (s.timedOutPending()) {
            throw LiveResponseProblem.notFound(
                    "session_not_found", "Session " + id + " timed out before the sensor took it up");
        }
        s.touchedByClient(clock.instant());
        return s.view(limits.storageTtl());
    }

    /**
     * Refuses a session the client may not use as unknown, before a request's body is read and judged (so that a
     * bad body does not tell a caller more than an unknown id would). The lookups after the body check again.
     */
    public void requireSession(long id, LiveClient client) {
        find(id, client);
    }

    /** Closes a session (a client's PUT with status close); closing a session that ended changes nothing. */
    public SessionView close(long id, LiveClient client) {
        LiveSession s = find(id, client);
        end(s, SessionStatus.CLOSE, client.username(), "closed by " + client.username());
        return s.view(limits.storageTtl());
    }

    /** A client's keepalive: the session's {@code session_timeout} counts from now. */
    public SessionView keepalive(long id, LiveClient client) {
        LiveSession s = open(id, client);
        s.touchedByClient(clock.instant());
        return s.view(limits.storageTtl());
    }

    private void end(LiveSession s, SessionStatus outcome, String username, String why) {
        // What the sensor has not taken yet is withdrawn under the session's lock, under which commands are handed
        // over too: no command of the session reaches the sensor after its close.
        boolean ended = s.end(outcome, clock.instant(), () -> {
            mailboxes.withdraw(s.sensor.id(), w -> w.sessionId() == s.id);
            mailboxes.post(s.sensor.id(), Work.close(s.id));
        });
        if (!ended) return;
        synchronized (this) {
            openBySensor.remove(s.sensor.id(), s);
        }
        audit.session(username, s, "session " + outcome.wire() + ": " + why);
        keepCommandLog(s);
    }

    /**
     * Writes an ended session's command log, results included, to {@code commands.json} in its directory (counted in
     * the storage budget; the archive holds it) and drops from memory what it holds in full: the results, the
     * requests' other keys, and all but the first {@link #MAX_KEPT_OBJECT} characters of each object and file name. An ended
     * session is kept for the storage time, and its commands must not hold the heap that long. Should the log not be
     * written, everything stays in memory (nothing is lost).
     */
    private void keepCommandLog(LiveSession s) {
        try {
            byte[] log = commandLog.render(s.commands());
            budget.reserve(log.length);
            try {
                Files.createDirectories(s.files.sessionDir());
                Files.write(s.files.sessionDir().resolve(COMMAND_LOG), log);
            } catch (IOException | RuntimeException e) {
                budget.release(log.length);
                throw e;
            }
            ObjectNode empty = Json.MAPPER.createObjectNode();
            s.dropResults(c -> c.withRequestAndResult(keptObject(c.object()), empty, empty));
            s.files.renameAll(n -> truncated(n, MAX_KEPT_OBJECT));
        } catch (IOException | RuntimeException e) {
            LOG.warn("session {}: command log not written, its results stay in memory: {}", s.id, e.toString());
        }
    }

    private static final String COMMAND_LOG = "commands.json";

    /**
     * The object an ended session's command keeps in memory (the command log has it whole): a text cut at
     * {@link #MAX_KEPT_OBJECT} characters, with a note; anything else as it is (a pid).
     */
    private static JsonNode keptObject(JsonNode object) {
        if (object == null || !object.isTextual() || object.textValue().length() <= MAX_KEPT_OBJECT) return object;
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(truncated(object.textValue(), MAX_KEPT_OBJECT));
    }

    /** The longest object text an ended session's command keeps in memory. */
    static final int MAX_KEPT_OBJECT = 1024;

    // Commands

    /**
     * Issues a command in an open session and hands it to the sensor.
     *
     * @param object what it acts on, as sent; null for none
     * @param args   the request's other keys
     * @throws LiveResponseProblem for an unknown or ended session (not found, message starting with "Session"), a
     *     name not in the catalogue, or a {@code put file} naming no complete file of the session (invalid)
     */
    public LiveCommand command(long sessionId, LiveClient client, String name, JsonNode object, ObjectNode args) {
        LiveSession s = open(sessionId, client);
        String username = client.username();
        if (name == null || !LiveResponseProtocol.ALL_COMMANDS.contains(name)) {
            throw LiveResponseProblem.invalid(
                    "invalid_command",
                    "unknown command " + (name == null ? "(none)" : "'" + name + "'") + "; commands are "
                            + String.join(", ", LiveResponseProtocol.ALL_COMMANDS));
        }
        if (!name.equals(LiveResponseProtocol.PROCESS_LIST) && (object == null || object.isNull())) {
            throw LiveResponseProblem.invalid("invalid_command", "'" + name + "' needs an object");
        }
        long size = jsonBytes(object) + jsonBytes(args);
        if (size > MAX_COMMAND_BYTES) {
            throw LiveResponseProblem.invalid(
                    "command_too_large",
                    "the command's object and other keys take " + size + " bytes of JSON; a command may take at most "
                            + MAX_COMMAND_BYTES);
        }
        Optional<Long> fileId = Optional.empty();
        long fileSize = 0;
        if (name.equals(LiveResponseProtocol.PUT_FILE)) {
            JsonNode f = args.get("file_id");
            if (f == null || !f.canConvertToLong()) {
                throw LiveResponseProblem.invalid("invalid_command", "'put file' needs the file_id of an upload");
            }
            StoredFile stored = s.files
                    .get(f.asLong())
                    .filter(StoredFile::complete)
                    .orElseThrow(() -> LiveResponseProblem.invalid(
                            "invalid_command", "'put file' names file " + f.asLong() + ", which this session has not"));
            fileId = Optional.of(stored.id());
            fileSize = stored.size();
            args.remove("file_id");
        }
        // The file a get file or memdump fills is made only once the session takes the command (under its lock, after
        // its checks): a refused command leaves no file the sensor could write or a client would see.
        boolean fillsFile = name.equals(LiveResponseProtocol.GET_FILE) || name.equals(LiveResponseProtocol.MEMDUMP);
        Optional<Long> putFile = fileId;
        long putSize = fileSize;
        Instant now = clock.instant();
        // Added and handed to the sensor under the session's lock, which its end takes too: a command is either
        // withdrawn by the end or never posted.
        LiveCommand c = s.add(
                        new LiveSession.CommandCaps(
                                maxCommandsPerSession, maxRememberedCommandsPerSession, maxRequestBytesPerSession),
                        size,
                        id -> {
                            Optional<Long> file = putFile;
                            if (fillsFile) {
                                long f = s.allocateFileId();
                                s.files.allocate(f, object.asText());
                                file = Optional.of(f);
                            }
                            return new LiveCommand(
                                    id,
                                    sessionId,
                                    s.sensor.id(),
                                    name,
                                    object == null ? null : object.deepCopy(),
                                    args.deepCopy(),
                                    username,
                                    now,
                                    CommandStatus.PENDING,
                                    Optional.empty(),
                                    0,
                                    LiveResponseProtocol.WIN_HRESULT,
                                    "",
                                    Json.MAPPER.createObjectNode(),
                                    file);
                        },
                        added -> mailboxes.post(
                                s.sensor.id(),
                                new Work(
                                        LiveResponseProtocol.COMMAND,
                                        sessionId,
                                        added.id(),
                                        name,
                                        added.objectText(),
                                        added.args(),
                                        added.fileId().orElse(null),
                                        name.equals(LiveResponseProtocol.PUT_FILE) ? putSize : null)),
                        refused -> {
                            if (fillsFile) refused.fileId().ifPresent(s.files::discard);
                        })
                .orElseThrow(() -> closed(sessionId));
        s.touchedByClient(now);
        commandsIssued.incrementAndGet();
        audit.command(username, c, "issued" + issuedWith(c));
        return c;
    }

    private static long jsonBytes(JsonNode node) {
        if (node == null) return 0;
        try {
            return Json.MAPPER.writeValueAsBytes(node).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the audit entry of an issued command adds to its name and object: the file it sends, the other keys. */
    private static String issuedWith(LiveCommand c) {
        StringBuilder with = new StringBuilder();
        if (c.name().equals(LiveResponseProtocol.PUT_FILE))
            c.fileId().ifPresent(f -> with.append(" (file ").append(f).append(')'));
        if (!c.args().isEmpty()) {
            with.append(" with ").append(truncated(c.args().toString(), LiveAudit.MAX_OBJECT));
        }
        return with.toString();
    }

    public List<LiveCommand> commands(long sessionId, LiveClient client) {
        LiveSession s = find(sessionId, client);
        s.touchedByClient(clock.instant());
        return s.commands();
    }

    /**
     * A command; with a wait, once it is done or the wait (at most {@code --lr-command-wait}) ended, whichever is
     * first.
     */
    public LiveCommand command(long sessionId, long commandId, Duration wait, LiveClient client)
            throws InterruptedException {
        LiveSession s = find(sessionId, client);
        s.touchedByClient(clock.instant());
        Duration bounded = wait.compareTo(limits.maxCommandWait()) > 0 ? limits.maxCommandWait() : wait;
        java.util.concurrent.atomic.AtomicInteger held =
                waits.computeIfAbsent(client.username(), u -> new java.util.concurrent.atomic.AtomicInteger());
        // A user holding many waits already is answered at once (the command as it is): each wait holds a
        // connection and a thread, and one user's script must not hold them all.
        if (held.incrementAndGet() > MAX_WAITS_PER_USER) bounded = Duration.ZERO;
        LiveCommand c;
        try {
            c = s.await(commandId, bounded).orElseThrow(() -> unknownCommand(sessionId, commandId));
        } finally {
            held.decrementAndGet();
        }
        s.touchedByClient(clock.instant());
        return c;
    }

    /**
     * Cancels a pending command; a command already done is answered as it is. A command the sensor has not taken yet
     * is withdrawn (it never runs); one it has taken is stopped (the sensor is told to cancel it).
     */
    public LiveCommand cancel(long sessionId, long commandId, LiveClient client) {
        String username = client.username();
        LiveSession s = find(sessionId, client);
        s.touchedByClient(clock.instant());
        Optional<LiveCommand> cancelled = s.finish(
                commandId,
                c -> c.ended(
                        CommandStatus.CANCEL,
                        clock.instant(),
                        LiveResponseProtocol.E_ABORT,
                        LiveResponseProtocol.WIN_HRESULT,
                        "cancelled by " + username,
                        c.result()),
                c -> {
                    // A poll takes the queue whole under the mailbox's lock: the command is still queued (and is
                    // withdrawn), or a poll has it (and the sensor is told).
                    int withdrawn = mailboxes.withdraw(
                            s.sensor.id(),
                            w -> LiveResponseProtocol.COMMAND.equals(w.type())
                                    && w.sessionId() == sessionId
                                    && Long.valueOf(commandId).equals(w.commandId()));
                    if (withdrawn == 0) mailboxes.post(s.sensor.id(), Work.cancel(sessionId, commandId));
                });
        if (cancelled.isPresent()) {
            audit.command(username, cancelled.get(), "cancelled");
            return cancelled.get();
        }
        return s.command(commandId).orElseThrow(() -> unknownCommand(sessionId, commandId));
    }

    // Files

    /**
     * Takes room in the storage budget for an analyst's upload to an open session, before its body is read: as much
     * as the request says it holds (at most {@code --lr-max-file}), else the most a file may hold, in both cases no
     * more than the budget has left.
     *
     * @param declared the request's length, when it says it; the file is never larger
     * @throws LiveResponseProblem for a session the client may not use (not found), a declared length over the
     *     file cap plus {@code overhead} or an empty budget (too large)
     */
    public UploadRoom uploadRoom(long sessionId, LiveClient client, java.util.OptionalLong declared, long overhead) {
        LiveSession s = open(sessionId, client);
        s.touchedByClient(clock.instant());
        if (declared.isPresent() && declared.getAsLong() > limits.maxFileBytes() + overhead)
            throw SessionFiles.tooLarge(limits.maxFileBytes());
        long wanted =
                declared.isPresent() ? Math.min(limits.maxFileBytes(), declared.getAsLong()) : limits.maxFileBytes();
        UploadRoom room = new UploadRoom(budget, budget.reserveUpTo(Math.max(1, wanted)));
        if (declared.isPresent() && declared.getAsLong() - overhead > room.bytes()) {
            // The body says it holds more than the budget has left, even without its multipart framing.
            room.close();
            throw budget.full();
        }
        return room;
    }

    /** An analyst's upload (for {@code put file}), already on disk where Jetty's multipart parser wrote it. */
    public StoredFile upload(long sessionId, LiveClient client, String fileName, Path uploaded, UploadRoom room)
            throws IOException {
        LiveSession s = open(sessionId, client);
        s.touchedByClient(clock.instant());
        StoredFile f = s.files.adopt(s.allocateFileId(), fileName == null ? "" : fileName, uploaded, room);
        audit.session(
                client.username(), s, "file " + f.id() + " uploaded: '" + f.fileName() + "', " + f.size() + " bytes");
        return f;
    }

    public List<StoredFile> files(long sessionId, LiveClient client) {
        LiveSession s = find(sessionId, client);
        s.touchedByClient(clock.instant());
        return s.files.list();
    }

    public StoredFile file(long sessionId, long fileId, LiveClient client) {
        LiveSession s = find(sessionId, client);
        s.touchedByClient(clock.instant());
        return s.files.get(fileId).orElseThrow(() -> unknownFile(sessionId, fileId));
    }

    /** The content of a complete file, to stream; the caller closes it. */
    public InputStream content(long sessionId, long fileId, LiveClient client) throws IOException {
        LiveSession s = find(sessionId, client);
        s.touchedByClient(clock.instant());
        StoredFile f = s.files.get(fileId).orElseThrow(() -> unknownFile(sessionId, fileId));
        if (!f.complete()) {
            throw LiveResponseProblem.conflict(
                    "file_incomplete",
                    "File " + fileId + " of session " + sessionId + " is not complete yet (" + f.sizeUploaded()
                            + " bytes stored); wait for its command to complete");
        }
        return s.files.open(fileId);
    }

    public void deleteFile(long sessionId, long fileId, LiveClient client) throws IOException {
        LiveSession s = find(sessionId, client);
        s.touchedByClient(clock.instant());
        s.files.get(fileId).orElseThrow(() -> unknownFile(sessionId, fileId));
        s.files.delete(fileId);
    }

    /**
     * Writes the session's archive: its document, its command log and the list of its files as JSON (rendered by
     * the caller, as clients see them; once the session ended, the command log written then, which holds the results),
     * then every complete file under {@code files/<id>}.
     */
    public void archive(
            long sessionId,
            byte[] sessionJson,
            byte[] commandsJson,
            java.util.function.Function<List<StoredFile>, byte[]> filesJson,
            OutputStream out,
            LiveClient client)
            throws IOException {
        LiveSession s = find(sessionId, client);
        long mtime = clock.instant().getEpochSecond();
        List<StoredFile> files = s.files.list();
        Path log = s.files.sessionDir().resolve(COMMAND_LOG);
        try (TarGzWriter tar = new TarGzWriter(out)) {
            String root = "session-" + sessionId + "/";
            tar.add(root + "session.json", sessionJson, mtime);
            if (s.resultsOnDisk()) {
                try (InputStream in = Files.newInputStream(log)) {
                    tar.add(root + "commands.json", Files.size(log), in, mtime);
                }
            } else {
                tar.add(root + "commands.json", commandsJson, mtime);
            }
            tar.add(root + "files.json", filesJson.apply(files), mtime);
            for (StoredFile f : files) {
                if (!f.complete()) continue;
                try (InputStream in = s.files.open(f.id())) {
                    tar.add(root + "files/" + f.id(), f.size(), in, mtime);
                }
            }
        }
    }

    // The sensor's side

    /** The sensor's long poll (docs/sensor-protocol.md §7); the sessions it opens count as told to the sensor. */
    public List<Work> poll(int sensorId, Duration wait, boolean replace) throws InterruptedException {
        LiveSession open = openBySensor.get(sensorId);
        if (open != null) open.toldSensor(clock.instant());
        lastPoll.put(sensorId, clock.instant());
        List<Work> work;
        try {
            work = mailboxes.poll(sensorId, wait, replace);
        } finally {
            lastPoll.put(sensorId, clock.instant());
        }
        for (Work w : work) {
            if (w.type().equals(LiveResponseProtocol.OPEN)) {
                LiveSession s = sessions.get(w.sessionId());
                if (s != null) s.delivered(clock.instant());
            }
        }
        return work;
    }

    /** A check-in answered with {@code live_response: true}: the sensor has been told of its pending session. */
    public void toldAtCheckin(int sensorId) {
        LiveSession s = openBySensor.get(sensorId);
        if (s != null) s.toldSensor(clock.instant());
    }

    /** Whether the sensor has a session pending or open (its check-ins then say {@code live_response: true}). */
    public boolean live(int sensorId) {
        LiveSession s = openBySensor.get(sensorId);
        return s != null && s.status().open();
    }

    /** Whether a session waits for the sensor to poll (its other answers then ask it to check in now). */
    public boolean waitingFor(int sensorId) {
        LiveSession s = openBySensor.get(sensorId);
        return s != null && s.waitingForSensor();
    }

    /**
     * A result from the sensor: the answer to {@code open} (command 0) activates the session, or ends it in error;
     * any other ends its command.
     *
     * @throws LiveResponseProblem (not found, {@code session_not_found}) when the session is not this sensor's, has
     *     ended, or the command is unknown or already done: the sensor drops it
     */
    public void result(int sensorId, Result r) {
        LiveSession s = sensorSession(sensorId, r.sessionId());
        Instant now = clock.instant();
        boolean error = LiveResponseProtocol.ERROR.equals(r.status());
        if (r.commandId() == 0) {
            if (error) {
                end(s, SessionStatus.ERROR, LiveAudit.SERVER, "the sensor refused it: " + capped(r.resultDesc()));
                return;
            }
            if (!s.activate(offered(r.session()))) throw gone(r.sessionId());
            audit.session(LiveAudit.SERVER, s, "session active");
            return;
        }
        // The request's own tree, which nothing else holds: kept as it is, not copied.
        ObjectNode sent = r.result() == null ? Json.MAPPER.createObjectNode() : r.result();
        String sentDesc = capped(r.resultDesc());
        String sentType = r.resultType() == null ? null : capped(r.resultType());
        long size = JsonHeap.of(sent) + 2L * (sentDesc.length() + (sentType == null ? 0 : sentType.length()));
        // A result larger than the session's whole share ends its command in error rather than fill the heap; others
        // are held, older ones evicted to make room (see LiveSession#finish).
        boolean fits = size <= maxResultBytesPerSession;
        boolean failed = error || !fits;
        long code = !fits ? E_OUTOFMEMORY : error ? r.resultCode() : 0;
        String desc = !fits
                ? "the result (about " + size + " bytes in memory) does not fit: a session's results may take at most "
                        + maxResultBytesPerSession + " bytes of server memory"
                : sentDesc;
        ObjectNode fields = fits ? sent : Json.MAPPER.createObjectNode();
        // The file a failed get file or memdump was to fill shows the failure before the command does (a client that
        // sees the command end may read the file at once).
        if (failed) {
            s.command(r.commandId())
                    .filter(c -> !c.status().done() && !isPutFile(c))
                    .flatMap(LiveCommand::fileId)
                    .ifPresent(f -> s.files.failed(f, code));
        }
        LiveCommand done = s.finish(
                        r.commandId(),
                        c -> c.ended(
                                failed ? CommandStatus.ERROR : CommandStatus.COMPLETE,
                                now,
                                code,
                                sentType == null || !fits ? LiveResponseProtocol.WIN_HRESULT : sentType,
                                desc,
                                fields),
                        c -> {},
                        fits ? size : 0,
                        maxResultBytesPerSession,
                        this::evicted)
                .orElseThrow(() -> LiveResponseProblem.notFound(
                        "session_not_found", "Session " + r.sessionId() + " has no pending command " + r.commandId()));
        audit.command(
                done.username(),
                done,
                failed ? "error 0x" + Long.toHexString(code) + " " + done.resultDesc() : "complete");
    }

    /**
     * A finished command whose result left memory to make room for newer ones: its status, code and request stay,
     * its result fields go, and its {@code result_desc} says so.
     */
    private LiveCommand evicted(LiveCommand c) {
        return c.ended(
                c.status(),
                c.completed().orElseGet(clock::instant),
                c.resultCode(),
                c.resultType(),
                EVICTED + maxResultBytesPerSession
                        + " bytes of server memory, and older results make room for newer ones; read a result"
                        + " soon after its command completes)",
                Json.MAPPER.createObjectNode());
    }

    /** How the {@code result_desc} of a command whose result was evicted starts. */
    static final String EVICTED = "the result is no longer held (a session's results may take at most ";

    /** A sensor's text kept with a command: at most {@link #MAX_RESULT_TEXT} characters, cut with a note. */
    static String capped(String text) {
        return truncated(text == null ? "" : text, MAX_RESULT_TEXT);
    }

    /** The text, or its first {@code max} characters followed by a note of how many were cut. */
    static String truncated(String text, int max) {
        if (text.length() <= max) return text;
        String kept = io.lampblack.server.problem.TextLimits.truncated(text, max);
        return kept + "... [" + (text.length() - kept.length()) + " more characters cut]";
    }

    /**
     * What the sensor says its session offers, bounded (it is kept with the session and shown to clients): the
     * commands of the catalogue it names, at most {@link #MAX_DRIVES} drives, paths cut at {@link #MAX_PATH_TEXT}.
     */
    private static SessionInfo offered(SessionInfo sent) {
        if (sent == null) return new SessionInfo(List.of(), List.of(), "");
        List<String> commands = sent.supportedCommands() == null
                ? List.of()
                : sent.supportedCommands().stream()
                        .filter(LiveResponseProtocol.ALL_COMMANDS::contains)
                        .distinct()
                        .toList();
        List<String> drives = sent.drives() == null
                ? List.of()
                : sent.drives().stream()
                        .filter(java.util.Objects::nonNull)
                        .limit(MAX_DRIVES)
                        .map(d -> truncated(d, MAX_PATH_TEXT))
                        .toList();
        String cwd =
                sent.currentWorkingDirectory() == null ? "" : truncated(sent.currentWorkingDirectory(), MAX_PATH_TEXT);
        return new SessionInfo(commands, drives, cwd);
    }

    private static boolean isPutFile(LiveCommand c) {
        return c.name().equals(LiveResponseProtocol.PUT_FILE);
    }

    /**
     * The content of a {@code get file} or {@code memdump} result, streamed from the sensor: taken only for a file
     * such a command of the session waits for while it is pending (a retry replaces it), else not found.
     */
    public FileStored receive(int sensorId, long sessionId, long fileId, InputStream in) throws IOException {
        LiveSession s = sensorSession(sensorId, sessionId);
        StoredFile f = s.files.receive(fileId, in);
        return new FileStored(f.id(), f.size());
    }

    /** A file an analyst uploaded, for the sensor's {@code put file}; the caller streams and closes it. */
    public StoredFileContent forSensor(int sensorId, long sessionId, long fileId) throws IOException {
        LiveSession s = sensorSession(sensorId, sessionId);
        StoredFile f = s.files
                .get(fileId)
                .filter(StoredFile::complete)
                .orElseThrow(() -> LiveResponseProblem.notFound(
                        "file_not_found", "File " + fileId + " is not in session " + sessionId));
        return new StoredFileContent(f, s.files.open(fileId));
    }

    /** A complete file's description and its open content. */
    public record StoredFileContent(StoredFile file, InputStream content) {}

    private LiveSession sensorSession(int sensorId, long sessionId) {
        LiveSession s = sessions.get(sessionId);
        if (s == null || s.sensor.id() != sensorId || !s.status().open()) throw gone(sessionId);
        return s;
    }

    // Expiry

    /** Ends the sessions whose timeouts passed and forgets those whose storage time ended (every second; tests). */
    void expireNow() {
        try {
            Instant now = clock.instant();
            for (LiveSession s : List.copyOf(sessions.values())) {
                Optional<String> why = s.expiredAt(now).or(() -> sensorGone(s, now));
                if (why.isPresent()) end(s, SessionStatus.TIMEOUT, LiveAudit.SERVER, why.get());
                Optional<Instant> ended = s.ended();
                if (ended.isPresent() && now.isAfter(ended.get().plus(limits.storageTtl()))) {
                    sessions.remove(s.id);
                    s.files.deleteAll();
                }
            }
            purgeOldDirectories(now);
        } catch (RuntimeException e) {
            LOG.error("live-response expiry failed", e);
        }
    }

    /**
     * An active session's sensor that has held no poll for {@code sensor_wait_timeout} is gone (stopped, or lost the
     * network): its commands would wait for ever, so the session ends rather than let clients poll it.
     */
    private Optional<String> sensorGone(LiveSession s, Instant now) {
        if (s.status() != SessionStatus.ACTIVE || mailboxes.polling(s.sensor.id())) return Optional.empty();
        Instant last = lastPoll.get(s.sensor.id());
        if (last == null || !now.isAfter(last.plus(s.sensorWait))) return Optional.empty();
        return Optional.of("the sensor has not polled for " + s.sensorWait.toSeconds() + " s (sensor_wait_timeout)");
    }

    /**
     * Directories of sessions from before a restart (found once, at start; none is added later) go once their
     * storage time has passed.
     */
    private void purgeOldDirectories(Instant now) {
        oldDirectories.entrySet().removeIf(e -> {
            if (!e.getValue().isBefore(now)) return false;
            budget.release(SessionFiles.deleteCounting(e.getKey()));
            return true;
        });
    }

    // Lookups

    /**
     * The session, if the client administers its sensor's group now; otherwise, or when there is none, the same
     * not-found answer, so that nobody learns of another group's sessions or reaches them by naming an id.
     */
    private LiveSession find(long id, LiveClient client) {
        LiveSession s = sessions.get(id);
        if (s == null || !client.administers().test(currentGroup(s)))
            throw LiveResponseProblem.notFound("session_not_found", "Session " + id + " not found");
        return s;
    }

    /** A session that takes commands: pending or active. */
    private LiveSession open(long id, LiveClient client) {
        LiveSession s = find(id, client);
        if (!s.status().open()) throw closed(id);
        return s;
    }

    private static LiveResponseProblem closed(long id) {
        return LiveResponseProblem.notFound("session_not_found", "Session " + id + " is no longer open");
    }

    private static LiveResponseProblem gone(long id) {
        return LiveResponseProblem.notFound("session_not_found", "Session " + id + " is not open on this sensor");
    }

    private static LiveResponseProblem unknownCommand(long sessionId, long commandId) {
        return LiveResponseProblem.notFound(
                "command_not_found", "Command " + commandId + " not found in session " + sessionId);
    }

    private static LiveResponseProblem unknownFile(long sessionId, long fileId) {
        return LiveResponseProblem.notFound("file_not_found", "File " + fileId + " not found in session " + sessionId);
    }

    private static Optional<Long> parseId(String name) {
        try {
            return Optional.of(Long.parseLong(name));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether the sensor holds its poll now. */
    public boolean polling(int sensorId) {
        return mailboxes.polling(sensorId);
    }

    /** Sensors' polls held now (metrics). */
    public int pollsHeld() {
        return mailboxes.held();
    }

    /** Waits ({@code ?wait=true}) the user holds now (tests). */
    int waitsHeld(String username) {
        java.util.concurrent.atomic.AtomicInteger n = waits.get(username);
        return n == null ? 0 : n.get();
    }

    /** Commands issued since the server started (metrics). */
    public long commandsIssued() {
        return commandsIssued.get();
    }

    /** Bytes the live-response files take (metrics). */
    public long storageBytes() {
        return budget.used();
    }

    /** Sessions open now, for metrics and tests. */
    public int openSessions() {
        return openBySensor.size();
    }

    /**
     * Ends the sensors' held polls (answered empty, at once) so that the HTTPS server stops without waiting for them;
     * polls that start after this end at once too.
     */
    public void endPolls() {
        mailboxes.close();
    }

    @Override
    public void close() {
        expiry.shutdownNow();
        mailboxes.close();
    }
}
