package io.lampblack.server.api;

import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.PollRequest;
import io.lampblack.protocol.sensor.LiveResponseProtocol.PollResponse;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Result;
import io.lampblack.server.ingest.InflightBudget;
import io.lampblack.server.json.Json;
import io.lampblack.server.json.JsonHeap;
import io.lampblack.server.liveresponse.LiveResponse;
import io.lampblack.server.liveresponse.LiveResponseProblem;
import io.lampblack.server.problem.Problem;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    /**
     * Results one sensor may be sending at once; one more is refused (429) before its body is read. A sensor posts
     * each command's result on its own, so two let one long upload not hold up a short one, and no more: each
     * result in flight may hold memory (below).
     */
    static final int MAX_RESULTS_IN_FLIGHT_PER_SENSOR = 2;

    /**
     * The heap all results being received and parsed may hold at once, across all sensors: each reserves its bytes
     * as they arrive and then the estimated heap of its JSON tree ({@link JsonHeap}) before it is parsed, so that
     * many sensors posting (or one attacker holding many sensors' credentials) cannot exhaust the heap. Past it a
     * result waits {@link #BUDGET_WAIT} for others to finish, then is refused (503); one sensor may hold at most
     * {@link #RESULTS_SHARE_PER_SENSOR} percent of it (429 above; a result that could never fit in that share is
     * refused as too large, 413).
     */
    static final long RESULTS_IN_FLIGHT_BYTES = 256L << 20;

    static final int RESULTS_SHARE_PER_SENSOR = 50;
    static final Duration BUDGET_WAIT = Duration.ofSeconds(10);

    private final SensorRegistry sensors;
    private final LiveResponse lr;
    private final Duration readTimeout;
    private final long minUploadRate;
    private final InflightBudget resultsBudget;
    private final ConcurrentHashMap<Integer, Integer> resultsInFlight = new ConcurrentHashMap<>();

    /**
     * @param readTimeout   longest a file upload or result may go without a byte arriving
     * @param minUploadRate bytes per second a result body must average over each stretch of {@code readTimeout}
     */
    public LiveResponseSensorApi(SensorRegistry sensors, LiveResponse lr, Duration readTimeout, long minUploadRate) {
        this.sensors = sensors;
        this.lr = lr;
        this.readTimeout = readTimeout;
        this.minUploadRate = minUploadRate;
        this.resultsBudget = new InflightBudget(RESULTS_IN_FLIGHT_BYTES, RESULTS_SHARE_PER_SENSOR, BUDGET_WAIT);
    }

    /** The heap the results being received hold (tests). */
    public InflightBudget resultsBudget() {
        return resultsBudget;
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
        if (!enterResult(s.id()))
            throw new LiveResponseProblem(
                    Problem.Kind.TOO_MANY,
                    "results_in_progress",
                    "this sensor is sending " + MAX_RESULTS_IN_FLIGHT_PER_SENSOR
                            + " results already; send this one again when one of them is answered");
        try (InflightBudget.Lease lease = resultsBudget.lease(s.id())) {
            result(ex, s, lease);
        } finally {
            leaveResult(s.id());
        }
    }

    private void result(Exchange ex, Sensor s, InflightBudget.Lease lease) {
        byte[] body = ex.body(new Exchange.BodyLimits(MAX_RESULT_BYTES, readTimeout, minUploadRate, lease::reserve));
        Result r;
        try {
            // Its tree is reserved before it is made: a small body may make a large tree ({},{},...).
            lease.reserve(JsonHeap.ofText(body));
            r = Json.MAPPER.readValue(body, Result.class);
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_json", "the body is not a Result: " + e.getMessage());
        }
        if (r == null) throw ApiException.badRequest("invalid_json", "the body must be a JSON object");
        if (r.status() == null
                || !(r.status().equals(LiveResponseProtocol.COMPLETE)
                        || r.status().equals(LiveResponseProtocol.ERROR))) {
            throw ApiException.badRequest("invalid_result", "status must be complete or error");
        }
        lr.result(s.id(), r);
        ex.json(200, Map.of());
    }

    private boolean enterResult(int sensorId) {
        boolean[] entered = {false};
        resultsInFlight.compute(sensorId, (id, n) -> {
            int now = n == null ? 0 : n;
            if (now >= MAX_RESULTS_IN_FLIGHT_PER_SENSOR) return n;
            entered[0] = true;
            return now + 1;
        });
        return entered[0];
    }

    private void leaveResult(int sensorId) {
        resultsInFlight.computeIfPresent(sensorId, (id, n) -> n <= 1 ? null : n - 1);
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
