package io.lampblack.server.api;

import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.PollRequest;
import io.lampblack.protocol.sensor.LiveResponseProtocol.PollResponse;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Result;
import io.lampblack.server.json.Json;
import io.lampblack.server.liveresponse.LiveResponse;
import io.lampblack.server.liveresponse.LiveResponseProblem;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

/**
 * The sensor's side of live response (docs/sensor-protocol.md §7): the long poll, results, and file contents in both
 * directions, streamed. Sensors authenticate as on every other sensor route.
 */
public final class LiveResponseSensorApi {

    /**
     * Largest result body: a process list or a directory listing of a large directory fits many times over; the
     * results a session holds together are bounded too ({@link LiveResponse}).
     */
    static final long MAX_RESULT_BYTES = 16L << 20;

    private final SensorRegistry sensors;
    private final LiveResponse lr;
    private final Duration readTimeout;

    /** @param readTimeout longest a file upload may go without a byte arriving */
    public LiveResponseSensorApi(SensorRegistry sensors, LiveResponse lr, Duration readTimeout) {
        this.sensors = sensors;
        this.lr = lr;
        this.readTimeout = readTimeout;
    }

    public void register(Router r) {
        r.route("POST", LiveResponseProtocol.POLL, Router.Access.SENSOR, this::poll);
        r.route("POST", LiveResponseProtocol.RESULT, Router.Access.SENSOR, this::result);
        r.route("PUT", LiveResponseProtocol.FILE_UPLOAD, Router.Access.SENSOR, this::upload);
        r.route("GET", LiveResponseProtocol.FILE_DOWNLOAD + "{file}", Router.Access.SENSOR, this::download);
    }

    private void poll(Exchange ex) throws Exception {
        Sensor s = authenticate(ex);
        PollRequest req = read(ex, PollRequest.class, 4096);
        ex.json(
                200,
                new PollResponse(lr.poll(s.id(), Duration.ofSeconds(Math.max(0, req.waitSeconds())), req.replace())));
    }

    private void result(Exchange ex) throws Exception {
        Sensor s = authenticate(ex);
        // A sensor without a session gets its answer before its body is read (it drops the result, §7).
        if (!lr.live(s.id()))
            throw LiveResponseProblem.notFound("session_not_found", "Sensor " + s.id() + " has no open session");
        Result r = read(ex, Result.class, MAX_RESULT_BYTES);
        if (r.status() == null
                || !(r.status().equals(LiveResponseProtocol.COMPLETE)
                        || r.status().equals(LiveResponseProtocol.ERROR))) {
            throw ApiException.badRequest("invalid_result", "status must be complete or error");
        }
        lr.result(s.id(), r);
        ex.json(200, Map.of());
    }

    private void upload(Exchange ex) throws Exception {
        Sensor s = authenticate(ex);
        long sid = param(ex, "session_id");
        long fid = param(ex, "file_id");
        try (InputStream body = ex.bodyStream(new Exchange.BodyLimits(Long.MAX_VALUE, readTimeout, 0, n -> {}))) {
            ex.json(200, lr.receive(s.id(), sid, fid, body));
        }
    }

    private void download(Exchange ex) throws Exception {
        Sensor s = authenticate(ex);
        long sid = param(ex, "session_id");
        long fid = Numbers.parseLong(ex.pathParam("file"))
                .orElseThrow(() -> ApiException.badRequest("bad_file_id", "the file id must be a number"));
        LiveResponse.StoredFileContent f = lr.forSensor(s.id(), sid, fid);
        try (InputStream in = f.content()) {
            ex.stream(200, "application/octet-stream", out -> in.transferTo(out));
        }
    }

    private static long param(Exchange ex, String name) {
        return Numbers.parseLong(ex.param(name).orElse(""))
                .orElseThrow(() -> ApiException.badRequest("bad_" + name, name + " must be a number"));
    }

    private static <T> T read(Exchange ex, Class<T> type, long max) {
        com.fasterxml.jackson.databind.JsonNode body = ex.jsonBody(max);
        if (!body.isObject()) throw ApiException.badRequest("invalid_json", "the body must be a JSON object");
        try {
            return Json.MAPPER.treeToValue(body, type);
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.badRequest(
                    "invalid_json", "the body is not a " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private Sensor authenticate(Exchange ex) {
        int id = Numbers.parseInt(ex.header("X-Sensor-Id").orElse("").trim())
                .orElseThrow(() -> new ApiException(401, "unauthorized", "missing or invalid X-Sensor-Id"));
        return sensors.authenticate(id, ex.header("X-Sensor-Secret").orElse(null))
                .orElseThrow(() -> new ApiException(401, "unauthorized", "unknown sensor or bad secret"));
    }
}
