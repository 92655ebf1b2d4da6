package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.api.wire.LiveResponseCommandDocument;
import io.lampblack.server.api.wire.LiveResponseFileDocument;
import io.lampblack.server.api.wire.LiveResponseSessionDocument;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.json.Json;
import io.lampblack.server.liveresponse.LiveClient;
import io.lampblack.server.liveresponse.LiveCommand;
import io.lampblack.server.liveresponse.LiveResponse;
import io.lampblack.server.liveresponse.LiveResponseProblem;
import io.lampblack.server.liveresponse.SessionView;
import io.lampblack.server.liveresponse.StoredFile;
import io.lampblack.server.liveresponse.UploadRoom;
import io.lampblack.server.problem.Problem;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Live response for clients, {@code /api/v1/cblr} (reference §4.16), as cbapi-python's live-response code uses it.
 * Every route but the session list and creation is scoped to the session's sensor group and needs its
 * Administrator role ({@link Router.Access#groupAdmin}, which answers a Viewer 403); every lookup of the session in
 * {@link LiveResponse} checks it again against the sensor's group at that moment ({@link LiveClient}), answering any
 * other caller as for an unknown session. The list shows the sessions of the groups the caller administers, and
 * creation checks the named sensor's group itself (it is in the body, which the router does not
 * read). A session, command or file that does not exist (or a session that is no longer open, for commands) is a 404
 * whose JSON body says {@code "status": "NOT_FOUND"} and whose message starts with "Session": cbapi then opens a
 * session again and retries.
 */
public final class LiveResponseApi {

    private static final String BASE = "/api/v1/cblr/session";

    private final LiveResponse lr;
    private final Path uploads;

    /** @param uploads where multipart uploads are written while they arrive (on the same disk as the sessions) */
    public LiveResponseApi(LiveResponse lr, Path uploads) {
        this.lr = lr;
        this.uploads = uploads;
    }

    public void register(Router r) {
        Router.Access session = Router.Access.groupAdmin(this::sessionGroup);
        r.route("GET", BASE, Router.Access.READ, lr(this::list));
        r.route("POST", BASE, Router.Access.ANALYST, lr(this::create));
        r.route("GET", BASE + "/{session}", session, lr(ex -> ex.json(200, doc(lr.session(sid(ex), client(ex))))));
        r.route("PUT", BASE + "/{session}", session, lr(this::change));
        r.route(
                "GET",
                BASE + "/{session}/keepalive",
                session,
                lr(ex -> ex.json(200, doc(lr.keepalive(sid(ex), client(ex))))));
        r.route("GET", BASE + "/{session}/command", session, lr(this::commands));
        r.route("POST", BASE + "/{session}/command", session, lr(this::issue));
        r.route("GET", BASE + "/{session}/command/{command}", session, lr(this::command));
        r.route("PUT", BASE + "/{session}/command/{command}", session, lr(this::cancel));
        r.route("GET", BASE + "/{session}/file", session, lr(this::files));
        r.route("POST", BASE + "/{session}/file", session, lr(this::upload));
        r.route(
                "GET",
                BASE + "/{session}/file/{file}",
                session,
                lr(ex -> ex.json(200, fileDoc(ex, lr.file(sid(ex), fid(ex), client(ex))))));
        r.route("PUT", BASE + "/{session}/file/{file}", session, lr(this::changeFile));
        r.route("DELETE", BASE + "/{session}/file/{file}", session, lr(this::deleteFile));
        r.route("GET", BASE + "/{session}/file/{file}/content", session, lr(this::content));
        r.route("GET", BASE + "/{session}/archive", session, lr(this::archive));
    }

    /**
     * The session's group for the router's first decision (a Viewer of it gets 403). A session the caller may not
     * see, like an unknown one, passes on to the handler, whose lookup answers both with the same live-response 404
     * (and is what guards a session created after this check, while the request's body was read).
     */
    private Optional<Integer> sessionGroup(Exchange ex) {
        java.util.OptionalLong id = Numbers.parseLong(ex.pathParam("session"));
        if (id.isEmpty()) return Optional.empty();
        return lr.sessionGroup(id.getAsLong()).filter(g -> ex.caller().maySee(g));
    }

    private static LiveClient client(Exchange ex) {
        Caller caller = ex.caller();
        return new LiveClient(caller.username(), caller::mayAdminister);
    }

    /**
     * Answers a missing session, command or file the way cbapi recognises (it re-establishes the session); every
     * other failure goes to the one error mapper.
     */
    private static Router.Action lr(Router.Action action) {
        return ex -> {
            try {
                action.handle(ex);
            } catch (LiveResponseProblem p) {
                if (p.kind() != Problem.Kind.NOT_FOUND) throw p;
                Map<String, String> body = new LinkedHashMap<>();
                body.put("status", "NOT_FOUND");
                body.put("reason", p.reason());
                body.put("message", p.getMessage());
                ex.json(404, body);
            }
        };
    }

    private void list(Exchange ex) {
        boolean openOnly = ex.param("active_only")
                .map(v -> v.equalsIgnoreCase("true") || v.equals("1"))
                .orElse(false);
        List<LiveResponseSessionDocument> docs = new ArrayList<>();
        for (SessionView s : lr.sessions(openOnly, client(ex))) docs.add(doc(s));
        ex.json(200, docs);
    }

    private void create(Exchange ex) throws Exception {
        JsonNode b = ex.jsonBody(64 * 1024);
        JsonNode id = b.path("sensor_id");
        if (!id.canConvertToInt() || (!id.isIntegralNumber() && !id.isTextual())) {
            throw ApiException.badRequest("invalid_session", "sensor_id must be a sensor's id");
        }
        int sensorId = id.isTextual()
                ? Numbers.parseInt(id.asText())
                        .orElseThrow(
                                () -> ApiException.badRequest("invalid_session", "sensor_id must be a sensor's id"))
                : id.asInt();
        Optional<Integer> group = lr.sensorGroup(sensorId);
        Caller caller = ex.caller();
        // As the router decides for group-scoped routes: an invisible sensor looks unknown, a visible one needs the
        // Administrator role in its group.
        if (group.isPresent() && !caller.maySee(group.get()))
            throw LiveResponseProblem.notFound("sensor_not_found", "Sensor " + sensorId + " not found");
        if (group.isPresent() && !caller.mayAdminister(group.get()))
            throw ApiException.forbidden("live response needs the Administrator role in sensor group " + group.get());
        Optional<Duration> timeout = Optional.empty();
        JsonNode t = b.path("session_timeout");
        // At most the server's own (LiveResponse.open): a client may ask for less, never for more.
        if (t.canConvertToInt() && t.asInt() > 0) timeout = Optional.of(Duration.ofSeconds(t.asInt()));
        ex.json(200, doc(lr.open(sensorId, caller.username(), timeout)));
    }

    /** A PUT of the session document: {@code "status": "close"} closes it; anything else is refused. */
    private void change(Exchange ex) {
        lr.requireSession(sid(ex), client(ex));
        JsonNode b = ex.jsonBody(256 * 1024);
        String status = b.path("status").asText("");
        if (!status.equals("close")) {
            throw ApiException.badRequest(
                    "invalid_session", "a session can only be closed (PUT it with \"status\": \"close\")");
        }
        ex.json(200, doc(lr.close(sid(ex), client(ex))));
    }

    private void commands(Exchange ex) {
        Optional<String> status = ex.param("status");
        int count = ex.intParam("count", Integer.MAX_VALUE);
        List<ObjectNode> docs = lr.commands(sid(ex), client(ex)).stream()
                .filter(c -> status.isEmpty() || c.status().wire().equals(status.get()))
                .limit(Math.max(0, count))
                .map(LiveResponseCommandDocument::of)
                .toList();
        ex.json(200, docs);
    }

    private void issue(Exchange ex) {
        lr.requireSession(sid(ex), client(ex));
        JsonNode b = ex.jsonBody(1024 * 1024);
        if (!b.isObject()) throw ApiException.badRequest("invalid_command", "the body must be a command object");
        ObjectNode args = ((ObjectNode) b).deepCopy();
        JsonNode name = args.remove("name");
        JsonNode object = args.remove("object");
        args.remove("session_id");
        args.remove("id");
        args.remove("status");
        LiveCommand c =
                lr.command(sid(ex), client(ex), name == null || name.isNull() ? null : name.asText(), object, args);
        ex.json(200, LiveResponseCommandDocument.of(c));
    }

    private void command(Exchange ex) throws InterruptedException {
        boolean wait = ex.param("wait")
                .map(v -> v.equalsIgnoreCase("true") || v.equals("1"))
                .orElse(false);
        LiveCommand c = lr.command(sid(ex), cid(ex), wait ? lr.limits().maxCommandWait() : Duration.ZERO, client(ex));
        ex.json(200, LiveResponseCommandDocument.of(c));
    }

    /** Carbon Black's cancel: a PUT of the command with {@code "status": "cancel"}. */
    private void cancel(Exchange ex) {
        lr.requireSession(sid(ex), client(ex));
        JsonNode b = ex.jsonBody(64 * 1024);
        if (!b.path("status").asText("").equals("cancel")) {
            throw ApiException.badRequest(
                    "invalid_command", "a command can only be cancelled (PUT it with \"status\": \"cancel\")");
        }
        ex.json(200, LiveResponseCommandDocument.of(lr.cancel(sid(ex), cid(ex), client(ex))));
    }

    private void files(Exchange ex) {
        long sid = sid(ex);
        ex.json(
                200,
                lr.files(sid, client(ex)).stream()
                        .map(f -> LiveResponseFileDocument.of(sid, f))
                        .toList());
    }

    private void upload(Exchange ex) throws Exception {
        long sid = sid(ex);
        LiveClient client = client(ex);
        java.util.OptionalLong declared =
                Numbers.parseLong(ex.header("Content-Length").orElse("").trim());
        // The room is taken before the body is read (an unknown session is refused first), and the parser stops
        // at it: uploads in flight never hold more than the storage cap.
        try (UploadRoom room = lr.uploadRoom(sid, client, declared, Exchange.MULTIPART_OVERHEAD)) {
            Exchange.UploadedFile up = ex.multipartFile("file", uploads, room.bytes());
            try {
                StoredFile f = lr.upload(sid, client, up.fileName(), up.file(), room);
                ex.json(200, LiveResponseFileDocument.of(sid, f));
            } finally {
                Files.deleteIfExists(up.file());
            }
        }
    }

    /** Carbon Black's other way to delete a file: PUT it with {@code "delete": true}. */
    private void changeFile(Exchange ex) throws Exception {
        lr.requireSession(sid(ex), client(ex));
        JsonNode b = ex.jsonBody(64 * 1024);
        long sid = sid(ex);
        long fid = fid(ex);
        LiveClient client = client(ex);
        if (b.path("delete").asBoolean(false)) {
            StoredFile f = lr.file(sid, fid, client);
            lr.deleteFile(sid, fid, client);
            ex.json(200, LiveResponseFileDocument.of(sid, f));
        } else {
            ex.json(200, LiveResponseFileDocument.of(sid, lr.file(sid, fid, client)));
        }
    }

    private void deleteFile(Exchange ex) throws Exception {
        lr.deleteFile(sid(ex), fid(ex), client(ex));
        ex.json(200, Map.of("result", "success"));
    }

    private void content(Exchange ex) throws Exception {
        try (InputStream in = lr.content(sid(ex), fid(ex), client(ex))) {
            ex.stream(200, "application/octet-stream", out -> in.transferTo(out));
        }
    }

    private void archive(Exchange ex) throws Exception {
        long sid = sid(ex);
        LiveClient client = client(ex);
        byte[] session = Json.MAPPER.writeValueAsBytes(doc(lr.session(sid, client)));
        byte[] commands = Json.MAPPER.writeValueAsBytes(lr.commands(sid, client).stream()
                .map(LiveResponseCommandDocument::of)
                .toList());
        ex.responseHeader("Content-Disposition", "attachment; filename=\"session-" + sid + ".tar.gz\"");
        ex.stream(
                200,
                "application/gzip",
                out -> lr.archive(sid, session, commands, files -> filesJson(sid, files), out, client));
    }

    /** The archive's list of files, as clients see them in {@code GET .../file}. */
    private static byte[] filesJson(long sid, List<StoredFile> files) {
        try {
            return Json.MAPPER.writeValueAsBytes(
                    files.stream().map(f -> LiveResponseFileDocument.of(sid, f)).toList());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A session's command log as clients see it in {@code GET .../command}. */
    public static byte[] commandLog(List<LiveCommand> commands) throws java.io.IOException {
        return Json.MAPPER.writeValueAsBytes(
                commands.stream().map(LiveResponseCommandDocument::of).toList());
    }

    private static LiveResponseSessionDocument doc(SessionView s) {
        return LiveResponseSessionDocument.of(s);
    }

    private static LiveResponseFileDocument fileDoc(Exchange ex, StoredFile f) {
        return LiveResponseFileDocument.of(sid(ex), f);
    }

    private static long sid(Exchange ex) {
        return Numbers.parseLong(ex.pathParam("session"))
                .orElseThrow(() -> LiveResponseProblem.notFound(
                        "session_not_found", "Session " + ex.pathParam("session") + " not found"));
    }

    private static long cid(Exchange ex) {
        return Numbers.parseLong(ex.pathParam("command"))
                .orElseThrow(() -> LiveResponseProblem.notFound(
                        "command_not_found", "Command " + ex.pathParam("command") + " not found"));
    }

    private static long fid(Exchange ex) {
        return Numbers.parseLong(ex.pathParam("file"))
                .orElseThrow(() ->
                        LiveResponseProblem.notFound("file_not_found", "File " + ex.pathParam("file") + " not found"));
    }
}
