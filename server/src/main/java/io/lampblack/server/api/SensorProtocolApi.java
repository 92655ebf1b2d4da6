package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.protocol.sensor.SensorProtocol.ActionResult;
import io.lampblack.protocol.sensor.SensorProtocol.BanList;
import io.lampblack.protocol.sensor.SensorProtocol.BinaryUploadResponse;
import io.lampblack.protocol.sensor.SensorProtocol.CheckinResponse;
import io.lampblack.protocol.sensor.SensorProtocol.HostStatus;
import io.lampblack.protocol.sensor.SensorProtocol.IngressFilterList;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.protocol.sensor.SensorProtocol.UploadResponse;
import io.lampblack.server.binary.BinaryStore;
import io.lampblack.server.group.GroupConfig;
import io.lampblack.server.group.GroupRules;
import io.lampblack.server.ingest.InflightBudget;
import io.lampblack.server.ingest.UploadIntake;
import io.lampblack.server.ingest.UploadRejected;
import io.lampblack.server.json.Json;
import io.lampblack.server.problem.TextLimits;
import io.lampblack.server.sensor.HostFacts;
import io.lampblack.server.sensor.PendingAction;
import io.lampblack.server.sensor.RegistrationToken;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorControl;
import io.lampblack.server.sensor.SensorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Sensor protocol v1 (docs/sensor-protocol.md): register, check in, upload event logs and binary files. Every call
 * after registration carries {@code X-Sensor-Id} and {@code X-Sensor-Secret}.
 */
public final class SensorProtocolApi {

    private final SensorRegistry sensors;
    private final SensorControl control;
    private final UploadIntake intake;
    private final long maxUpload;
    private final RegistrationToken registrationToken;
    private final Optional<BinaryStore> binaries;
    private final long maxBinary;

    /** Bounds the heap that uploads being received and decoded take, in all and per sensor. */
    private final InflightBudget inflight;

    private final Duration readTimeout;
    private final long minUploadRate;
    private final Supplier<BanList> banList;
    private final GroupRules groups;
    private final SensorConfigs configs = new SensorConfigs();
    private final Function<Sensor, IngressFilterList> ingressFilters;
    private final IntFunction<List<String>> binaryRequests;
    private final AtomicLong ignoredStatusFields = new AtomicLong();

    /** The ban list of a sensor whose group has banning off: empty, under a version no real list has. */
    static final BanList NO_BANS = new BanList("banning-disabled", List.of());

    /**
     * What the sensor protocol allows.
     *
     * @param maxUpload         largest event-log upload as sent, 413 above
     * @param maxInflightBytes  estimated heap of uploads being received and decoded, at once across all sensors
     * @param sharePerSensor    percent of {@code maxInflightBytes} one sensor's uploads may hold
     * @param readTimeout       longest an upload body (event log or binary) may go without a byte arriving
     * @param minUploadRate     bytes per second an upload body must average over each stretch of {@code readTimeout}
     * @param maxBinary         largest binary file accepted (after any gzip transfer encoding), 413 above
     */
    public record Settings(
            long maxUpload,
            long maxInflightBytes,
            int sharePerSensor,
            Duration readTimeout,
            long minUploadRate,
            long maxBinary) {}

    /** How long an upload waits for other uploads to give memory back before it is refused with 503. */
    private static final Duration BUDGET_WAIT = Duration.ofSeconds(10);

    /**
     * @param binaries where uploaded binary files go; without one the binary route is not offered
     * @param banList  the ban list check-ins hand out (its version tells a sensor whether it has it already)
     * @param registrationToken what a sensor must present to register
     * @param groups   the settings of each sensor's group (check-in interval, banning, collected kinds) and the
     *                 groups' enrolment tokens
     */
    public SensorProtocolApi(
            SensorRegistry sensors,
            SensorControl control,
            RegistrationToken registrationToken,
            UploadIntake intake,
            Optional<BinaryStore> binaries,
            Supplier<BanList> banList,
            Settings settings,
            GroupRules groups,
            Function<Sensor, IngressFilterList> ingressFilters) {
        this(
                sensors,
                control,
                registrationToken,
                intake,
                binaries,
                banList,
                settings,
                groups,
                ingressFilters,
                sensorId -> List.of());
    }

    /**
     * @param binaryRequests the MD5s to ask a sensor for in its check-in answer ({@code binary_requests}), by sensor
     *                       id: files it described whose content the binary store lacks
     */
    public SensorProtocolApi(
            SensorRegistry sensors,
            SensorControl control,
            RegistrationToken registrationToken,
            UploadIntake intake,
            Optional<BinaryStore> binaries,
            Supplier<BanList> banList,
            Settings settings,
            GroupRules groups,
            Function<Sensor, IngressFilterList> ingressFilters,
            IntFunction<List<String>> binaryRequests) {
        this.binaryRequests = binaryRequests;
        this.groups = groups;
        this.ingressFilters = ingressFilters;
        this.binaries = binaries;
        this.banList = banList;
        this.maxBinary = settings.maxBinary();
        this.inflight = new InflightBudget(settings.maxInflightBytes(), settings.sharePerSensor(), BUDGET_WAIT);
        this.readTimeout = settings.readTimeout();
        this.minUploadRate = settings.minUploadRate();
        this.sensors = sensors;
        this.control = control;
        this.intake = intake;
        this.maxUpload = settings.maxUpload();
        this.registrationToken = registrationToken;
    }

    public void register(Router r) {
        r.route("POST", "/sensor/v1/register", Router.Access.SENSOR, this::registerSensor);
        r.route("POST", "/sensor/v1/checkin", Router.Access.SENSOR, this::checkin);
        r.route("POST", "/sensor/v1/eventlog", Router.Access.SENSOR, this::eventLog);
        if (binaries.isPresent()) {
            r.route("POST", "/sensor/v1/binary", Router.Access.SENSOR, this::binary);
        }
    }

    /** A binary file, streamed to the store (never held in memory whole) and checked against its MD5. */
    private void binary(Exchange ex) throws IOException, BinaryStore.Rejected {
        Sensor sensor = authenticate(ex);
        hint(ex, sensor);
        String md5 = ex.param("md5").orElse(ex.header("X-Binary-Md5").orElse(""));
        boolean gzip = ex.header("Content-Encoding")
                .map(v -> v.strip().equalsIgnoreCase("gzip"))
                .orElse(false);
        // The same read timeout and minimum rate as event logs: a binary upload must not hold a connection either.
        try (InputStream raw =
                        ex.bodyStream(new Exchange.BodyLimits(maxBinary, readTimeout, minUploadRate, bytes -> {}));
                InputStream body = gzip ? new GZIPInputStream(raw) : raw) {
            BinaryStore.Stored stored = binaries.orElseThrow().put(md5, body, maxBinary);
            ex.json(
                    200,
                    new BinaryUploadResponse(stored.file().md5(), stored.file().size(), stored.duplicate()));
        } catch (ZipException e) {
            // Decoding the transfer encoding is this edge's work, and its failure the client's: not an I/O error.
            throw ApiException.badRequest(
                    "malformed_upload", "Content-Encoding is gzip but the body is not: " + e.getMessage());
        }
    }

    private void registerSensor(Exchange ex) {
        String token = ex.header(SensorProtocol.HEADER_REGISTRATION_TOKEN).orElse(null);
        // A group's enrolment token puts the sensor into that group, whatever group_id it sends.
        Optional<Integer> enrolledGroup = groups.enrolledGroup(token);
        if (enrolledGroup.isEmpty() && !registrationToken.admits(token)) {
            throw new ApiException(401, "unauthorized", "missing or invalid X-Registration-Token");
        }
        JsonNode b = ex.jsonBody(64 * 1024);
        if (!b.isObject()) throw ApiException.badRequest("invalid_registration", "body must be a JSON object");
        HostFacts facts = new HostFacts(
                text(b, "hostname"),
                text(b, "computer_dns_name"),
                text(b, "os_type"),
                text(b, "host_type"),
                text(b, "os_environment_display_string"),
                text(b, "network_adapters"),
                text(b, "build_version"),
                enrolledGroup.orElseGet(() -> b.path("group_id").asInt(1)));
        HostStatus status = hostStatus(b.get("status"));
        SensorRegistry.Registration reg = sensors.register(facts);
        control.registered(reg.sensor().id(), status);
        ex.json(
                200,
                new RegisterResponse(
                        SensorProtocol.VERSION,
                        reg.sensor().id(),
                        reg.secret(),
                        reg.sensor().groupId(),
                        control.intervalSeconds(reg.sensor().id())));
    }

    private void checkin(Exchange ex) {
        Sensor s = authenticate(ex);
        JsonNode b = ex.jsonBody(256 * 1024);
        List<Long> acked = new ArrayList<>();
        for (JsonNode id : b.path("acked_actions")) acked.add(id.asLong());
        List<ActionResult> results = new ArrayList<>();
        for (JsonNode r : b.path("action_results")) {
            if (!r.path("id").canConvertToLong()) {
                throw ApiException.badRequest("invalid_checkin", "action_results[].id must be a number");
            }
            String outcome = r.path("outcome").asText("");
            if (!outcome.equals(SensorProtocol.APPLIED) && !outcome.equals(SensorProtocol.FAILED)) {
                throw ApiException.badRequest("invalid_checkin", "action_results[].outcome must be applied or failed");
            }
            results.add(new ActionResult(
                    r.path("id").asLong(),
                    outcome,
                    TextLimits.truncated(r.path("message").asText(""), 1000)));
        }
        SensorControl.Checkin answer = control.checkin(s.id(), acked, results, hostStatus(b.get("status")));
        List<SensorProtocol.Action> list = new ArrayList<>();
        for (PendingAction a : answer.actions()) list.add(new SensorProtocol.Action(a.id(), a.type(), payload(a)));
        // The ban list only when the sensor holds another version: most check-ins carry none.
        Optional<GroupConfig> group = groups.groupOf(s.id());
        BanList bans = group.map(GroupConfig::banningEnabled).orElse(true) ? banList.get() : NO_BANS;
        boolean sendBans = bans != null
                && !bans.version().equals(b.path("ban_list_version").asText(""));
        // The group's settings, like the ban list, only when the sensor holds another version.
        Optional<SensorProtocol.SensorConfig> config =
                group.map(g -> configs.of(g, control.normalIntervalSeconds(s.id())));
        // Ingress filters likewise, only when the sensor holds another version.
        IngressFilterList filters = ingressFilters.apply(s);
        boolean sendFilters =
                !filters.version().equals(b.path("ingress_filter_version").asText(""));
        // No "check in now" on the check-in answer itself: it carries the actions already, and a sensor obeying the
        // header on it would check in again at once, in a loop, while an action waits.
        ex.json(
                200,
                new CheckinResponse(
                        list,
                        answer.intervalSeconds(),
                        sendBans ? bans : null,
                        config.filter(c -> !c.version()
                                        .equals(b.path("config_version").asText("")))
                                .orElse(null),
                        sendFilters ? filters : null,
                        binaries.isPresent() ? binaryRequests.apply(s.id()) : List.of(),
                        false));
    }

    /**
     * The facts a sensor reports ({@code status}), read leniently so that older or buggy sensors are not locked out: a
     * field of the wrong type is left out (and counted, {@link #ignoredStatusFields()}), a status that is not an object
     * (older sensors sent free-form health data) is ignored.
     */
    private HostStatus hostStatus(JsonNode status) {
        if (status == null || !status.isObject()) return null;
        ObjectNode copy = status.deepCopy();
        for (int tries = 0; tries <= status.size(); tries++) {
            try {
                return Json.MAPPER.treeToValue(copy, HostStatus.class);
            } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
                String field =
                        e.getPath().isEmpty() ? null : e.getPath().getFirst().getFieldName();
                if (field == null || copy.remove(field) == null) return null;
                ignoredStatusFields.incrementAndGet();
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    /** How many mistyped {@code status} fields check-ins and registrations carried (left out). */
    public long ignoredStatusFields() {
        return ignoredStatusFields.get();
    }

    /** "Check in now" on every answer to a sensor that actions wait for. */
    private void hint(Exchange ex, Sensor s) {
        if (control.waiting(s.id())) ex.responseHeader(SensorProtocol.HEADER_CHECKIN_NOW, "1");
    }

    /**
     * A payload that is not JSON (queued by hand into the store) must not keep the sensor's other actions from it:
     * the action goes out with an empty payload.
     */
    private static JsonNode payload(PendingAction a) {
        try {
            return Json.MAPPER.readTree(a.payloadJson());
        } catch (Exception e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private void eventLog(Exchange ex) throws InterruptedException, UploadRejected {
        Sensor s = authenticate(ex);
        String uploadId = ex.param("upload_id").orElse(ex.header("X-Upload-Id").orElse(null));
        // Many sensors uploading at once must not exhaust the heap: the body and then its decoded events are
        // reserved as they arrive and as they are decoded (not as announced), in all and per sensor.
        try (InflightBudget.Lease lease = inflight.lease(s.id())) {
            byte[] body = ex.body(new Exchange.BodyLimits(maxUpload, readTimeout, minUploadRate, lease::reserve));
            UploadIntake.Accepted a = intake.accept(s.id(), uploadId, body, lease);
            hint(ex, s);
            ex.json(200, new UploadResponse(uploadId, a.events(), a.duplicate()));
        }
    }

    /** The in-flight budget, for tests. */
    public InflightBudget inflight() {
        return inflight;
    }

    private Sensor authenticate(Exchange ex) {
        int id = Numbers.parseInt(ex.header("X-Sensor-Id").orElse("").trim())
                .orElseThrow(() -> new ApiException(401, "unauthorized", "missing or invalid X-Sensor-Id"));
        return sensors.authenticate(id, ex.header("X-Sensor-Secret").orElse(null))
                .orElseThrow(() -> new ApiException(401, "unauthorized", "unknown sensor or bad secret"));
    }

    private static String text(JsonNode b, String field) {
        JsonNode n = b.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
