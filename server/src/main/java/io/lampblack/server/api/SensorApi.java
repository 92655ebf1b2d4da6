package io.lampblack.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.api.wire.SensorActivity;
import io.lampblack.server.api.wire.SensorDocument;
import io.lampblack.server.api.wire.SensorQueued;
import io.lampblack.server.api.wire.SensorResourceStatus;
import io.lampblack.server.api.wire.SensorSearchResult;
import io.lampblack.server.api.wire.SensorStatistics;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.json.Json;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorChange;
import io.lampblack.server.sensor.SensorControl;
import io.lampblack.server.sensor.SensorRegistry;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The sensor routes (reference §4.4): search ({@code /api/v2/sensor}) and list ({@code /api/v1/sensor}) filtered
 * to the groups the caller may see, one sensor, the change cbapi's {@code Sensor.save()} sends (PUT: group move,
 * isolation, flush, restart, uninstall, notes), what the sensor reported (queued, activity, resource status) and
 * the statistics of all sensors.
 */
public final class SensorApi {

    private static final long MAX_BODY = 256 * 1024;
    private static final int MAX_ROWS = 10_000;

    private final SensorRegistry registry;
    private final SensorControl control;

    public SensorApi(SensorRegistry registry, SensorControl control) {
        this.registry = registry;
        this.control = control;
    }

    public void register(Router r) {
        Router.Access read = Router.Access.groupRead(this::groupOf);
        r.route("GET", "/api/v2/sensor", Router.Access.READ, this::search);
        r.route("GET", "/api/v1/sensor", Router.Access.READ, ex -> ex.json(200, documents(matching(ex))));
        // Before /{id}: "statistics" is not an id.
        r.route("GET", "/api/v1/sensor/statistics", Router.Access.GLOBAL_ADMIN, this::statistics);
        r.route("GET", "/api/v1/sensor/{id}", read, ex -> ex.json(200, document(sensor(ex))));
        r.route("PUT", "/api/v1/sensor/{id}", Router.Access.groupAdmin(this::groupOf), this::change);
        r.route("GET", "/api/v1/sensor/{id}/queued", read, ex -> {
            Sensor s = sensor(ex);
            ex.json(200, s.facts().queuedEventLogs() == null ? List.of() : List.of(SensorQueued.of(s)));
        });
        r.route("GET", "/api/v1/sensor/{id}/resourcestatus", read, ex -> {
            Sensor s = sensor(ex);
            ex.json(200, s.facts().physicalMemory() == null ? List.of() : List.of(SensorResourceStatus.of(s)));
        });
        r.route(
                "GET",
                "/api/v1/sensor/{id}/activity",
                read,
                ex -> ex.json(
                        200,
                        control.actions(sensor(ex).id()).stream()
                                .map(SensorActivity::of)
                                .toList()));
    }

    private Optional<Integer> groupOf(Exchange ex) {
        OptionalInt id = Numbers.parseInt(ex.pathParam("id"));
        if (id.isEmpty()) return Optional.empty();
        return registry.sensor(id.getAsInt()).map(Sensor::groupId);
    }

    /** The sensor of the path: 400 for an id that is not a number, 404 for one that names no sensor. */
    private Sensor sensor(Exchange ex) {
        String text = ex.pathParam("id");
        int id = Numbers.parseInt(text)
                .orElseThrow(() -> ApiException.badRequest("invalid_parameter", "sensor id must be an integer"));
        return registry.sensor(id).orElseThrow(() -> ApiException.notFound("sensor " + text));
    }

    private SensorDocument document(Sensor s) {
        return SensorDocument.of(s, control.status(s), control.nextCheckin(s));
    }

    private List<SensorDocument> documents(List<Sensor> sensors) {
        return sensors.stream().map(this::document).toList();
    }

    /**
     * The sensors the caller may see that match {@code hostname=} and {@code ip=} (substrings; hostname case as
     * given, as Carbon Black documents it) and {@code groupid=}, by id.
     */
    private List<Sensor> matching(Exchange ex) {
        Caller caller = ex.caller();
        Predicate<Sensor> p = s -> caller.maySee(s.groupId());
        Optional<String> hostname = ex.param("hostname").filter(v -> !v.isEmpty());
        if (hostname.isPresent()) p = p.and(s -> s.hostname().contains(hostname.get()));
        Optional<String> ip = ex.param("ip").filter(v -> !v.isEmpty());
        if (ip.isPresent()) p = p.and(s -> addresses(s).stream().anyMatch(a -> a.contains(ip.get())));
        if (ex.param("groupid").filter(v -> !v.isEmpty()).isPresent()) {
            int group = ex.intParam("groupid", 0);
            p = p.and(s -> s.groupId() == group);
        }
        return registry.sensors().stream()
                .filter(p)
                .sorted(Comparator.comparingInt(Sensor::id))
                .toList();
    }

    /** The IP addresses of {@code "ip,mac|ip,mac|"}: reported ones when the sensor reported any. */
    private static List<String> addresses(Sensor s) {
        String adapters = s.facts().networkAdapters() != null ? s.facts().networkAdapters() : s.networkAdapters();
        List<String> out = new ArrayList<>();
        for (String adapter : adapters.split("\\|")) {
            int comma = adapter.indexOf(',');
            String address = comma < 0 ? adapter : adapter.substring(0, comma);
            if (!address.isBlank()) out.add(address.strip());
        }
        return out;
    }

    private void search(Exchange ex) {
        List<SensorDocument> all = documents(matching(ex));
        Map<String, List<SensorSearchResult.FacetValue>> facets = new LinkedHashMap<>();
        List<ObjectNode> trees =
                all.stream().map(d -> (ObjectNode) Json.MAPPER.valueToTree(d)).toList();
        if (ex.param("facet").map(v -> v.equalsIgnoreCase("true")).orElse(false)) {
            for (String field : ex.params("facet.field")) facets.put(field, facet(trees, field));
        }
        Optional<String> col = ex.param("sort.col").filter(v -> !v.isEmpty());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) order.add(i);
        if (col.isPresent()) {
            if (!isField(col.get())) {
                throw ApiException.badRequest(
                        "invalid_parameter", "sort.col '" + col.get() + "' is not a sensor field");
            }
            Comparator<Integer> by = Comparator.comparing(i -> trees.get(i).get(col.get()), SensorApi::compare);
            if (ex.param("sort.dir").map(v -> v.equalsIgnoreCase("desc")).orElse(false)) by = by.reversed();
            order.sort(by);
        }
        int start = Math.max(0, ex.intParam("start", 0));
        int rows = Math.min(MAX_ROWS, Math.max(0, ex.intParam("rows", 100)));
        List<SensorDocument> page = new ArrayList<>();
        for (int i = start; i < Math.min(all.size(), start + rows); i++) page.add(all.get(order.get(i)));
        ex.json(200, new SensorSearchResult(page, all.size(), facets));
    }

    /** The document's keys: what a search may sort by. */
    private static final Set<String> FIELDS = Arrays.stream(SensorDocument.class.getRecordComponents())
            .map(c -> c.getAccessor().getAnnotation(JsonProperty.class).value())
            .collect(Collectors.toUnmodifiableSet());

    private static boolean isField(String name) {
        return FIELDS.contains(name);
    }

    /** Numbers (and numeric strings: sizes) as numbers, everything else as text; nulls first. */
    private static int compare(JsonNode a, JsonNode b) {
        if (a == null || a.isNull()) return b == null || b.isNull() ? 0 : -1;
        if (b == null || b.isNull()) return 1;
        Optional<Double> x = numeric(a), y = numeric(b);
        if (x.isPresent() && y.isPresent()) return Double.compare(x.get(), y.get());
        return a.asText().compareTo(b.asText());
    }

    private static Optional<Double> numeric(JsonNode n) {
        if (n.isNumber()) return Optional.of(n.asDouble());
        if (n.isTextual() && n.asText().matches("-?\\d{1,18}")) return Optional.of(Double.parseDouble(n.asText()));
        return Optional.empty();
    }

    private static List<SensorSearchResult.FacetValue> facet(List<ObjectNode> docs, String field) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ObjectNode d : docs) {
            JsonNode v = d.get(field);
            if (v != null && !v.isNull()) counts.merge(v.asText(), 1, Integer::sum);
        }
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int sum = counts.values().stream().mapToInt(Integer::intValue).sum();
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(e -> new SensorSearchResult.FacetValue(
                        e.getKey(), e.getValue(), 100.0 * e.getValue() / max, (double) e.getValue() / sum))
                .toList();
    }

    private void statistics(Exchange ex) {
        List<Sensor> all = registry.sensors();
        int online = (int)
                all.stream().filter(s -> control.status(s).equals("Online")).count();
        long eventLogs = all.stream()
                .mapToLong(s -> s.facts().queuedEventLogBytesOrZero())
                .sum();
        long storeFiles = all.stream()
                .mapToLong(s -> s.facts().queuedStoreFileBytesOrZero())
                .sum();
        ex.json(200, new SensorStatistics(all.size(), online, eventLogs, storeFiles));
    }

    /**
     * PUT: the six fields cbapi sends (a field left out keeps its value, so the whole document older clients sent
     * works too; the value is read when the change is carried out, under the sensor's lock). Moving a sensor needs
     * the Administrator role in the target group as well.
     */
    private void change(Exchange ex) {
        Sensor s = sensor(ex);
        JsonNode b = ex.jsonBody(MAX_BODY);
        if (!b.isObject()) throw ApiException.badRequest("invalid_sensor", "body must be a JSON object");
        Integer group = integer(b, "group_id");
        if (group != null && group != s.groupId() && !ex.caller().mayAdminister(group)) {
            throw new ApiException(403, "forbidden", "moving a sensor needs the Administrator role in group " + group);
        }
        SensorChange c = new SensorChange(
                flushTime(b.get("event_log_flush_time")),
                group,
                bool(b, "network_isolation_enabled"),
                text(b, "notes"),
                bool(b, "restart_queued"),
                bool(b, "uninstall"));
        control.change(s.id(), c);
        ex.noContent();
    }

    /** A whole number, or a string of digits ({@code "2"}); null when left out. */
    static Integer integer(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) return null;
        if (n.isIntegralNumber() && n.canConvertToInt()) return n.intValue();
        if (n.isTextual() && n.asText().strip().matches("\\d{1,9}"))
            return Integer.parseInt(n.asText().strip());
        throw ApiException.badRequest("invalid_sensor", field + " must be an integer");
    }

    private static Boolean bool(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isBoolean()) throw ApiException.badRequest("invalid_sensor", field + " must be true or false");
        return n.booleanValue();
    }

    private static String text(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw ApiException.badRequest("invalid_sensor", field + " must be a string");
        if (n.asText().length() > 4000) {
            throw ApiException.badRequest("invalid_sensor", field + " is longer than 4000 characters");
        }
        return n.asText();
    }

    /**
     * {@code event_log_flush_time}: null (no flush asked), or when the flush ends, in the RFC-822 form cbapi sends
     * ({@code Tue, 05 Feb 2019 10:00:00 GMT}), Carbon Black's database form (what a GET shows) or ISO-8601.
     */
    static Optional<Instant> flushTime(JsonNode n) {
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isTextual()) throw ApiException.badRequest("invalid_sensor", "event_log_flush_time must be a date");
        String t = n.asText().strip();
        for (DateTimeFormatter f : List.of(
                DateTimeFormatter.RFC_1123_DATE_TIME, SensorDocument.CB_TIME, DateTimeFormatter.ISO_OFFSET_DATE_TIME)) {
            try {
                return Optional.of(ZonedDateTime.parse(t, f).toInstant());
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        throw ApiException.badRequest(
                "invalid_sensor", "event_log_flush_time must be a date such as 'Tue, 05 Feb 2019 10:00:00 GMT'");
    }
}
