package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.api.wire.GroupDocument;
import io.lampblack.server.api.wire.GroupEnrolmentToken;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.group.CollectFlag;
import io.lampblack.server.group.GroupConfig;
import io.lampblack.server.group.SensorGroups;
import io.lampblack.server.group.TeamAccess;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorRegistry;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Sensor groups (reference §4.5, §5.7) under the three prefixes cbapi has used ({@code /api/group},
 * {@code /api/v2/group}, {@code /api/v3/group}): list (the groups the caller may see), get (a one-element array),
 * create, update and delete (global administrators; the default group cannot be deleted, a group with sensors
 * neither). Also a group's enrolment token: {@code POST /api/v1/group/<id>/registration_token} makes a new one,
 * {@code DELETE} revokes it.
 */
public final class GroupApi {

    static final List<String> PREFIXES = List.of("/api/group", "/api/v2/group", "/api/v3/group");
    private static final long MAX_BODY = 64 * 1024;
    private static final String INVALID = "invalid_group";

    /** The group fields the server keeps without applying them, with Carbon Black's defaults, in §5.7's order. */
    private static final Map<String, Object> OTHER_DEFAULTS = otherDefaults();

    private final SensorGroups groups;
    private final SensorRegistry sensors;
    private final TeamAccess teams;
    private final IntFunction<List<String>> filtersNaming;

    /**
     * @param teams         the teams' roles in each group, told when a group is deleted
     * @param filtersNaming the ids of the ingress filters that name a group in their {@code group_ids}
     */
    public GroupApi(
            SensorGroups groups, SensorRegistry sensors, TeamAccess teams, IntFunction<List<String>> filtersNaming) {
        this.groups = groups;
        this.sensors = sensors;
        this.teams = teams;
        this.filtersNaming = filtersNaming;
    }

    public void register(Router r) {
        Router.Access readOne = Router.Access.groupRead(this::existing);
        for (String prefix : PREFIXES) {
            r.route("GET", prefix, Router.Access.READ, this::list);
            r.route("GET", prefix + "/{id}", readOne, ex -> ex.json(200, List.of(document(group(ex)))));
            r.route("POST", prefix, Router.Access.GLOBAL_ADMIN, this::create);
            r.route("PUT", prefix + "/{id}", Router.Access.GLOBAL_ADMIN, this::update);
            r.route("DELETE", prefix + "/{id}", Router.Access.GLOBAL_ADMIN, this::delete);
        }
        String token = "/api/v1/group/{id}/registration_token";
        r.route("POST", token, Router.Access.GLOBAL_ADMIN, ex -> {
            ex.json(
                    200,
                    new GroupEnrolmentToken(groups.newEnrolmentToken(group(ex).id())));
        });
        r.route("DELETE", token, Router.Access.GLOBAL_ADMIN, ex -> {
            groups.revokeEnrolmentToken(group(ex).id());
            ex.json(200, Result.SUCCESS);
        });
    }

    /** The group of a route's {@code {id}} when it exists (for the router's access decision). */
    Optional<Integer> existing(Exchange ex) {
        return id(ex).flatMap(groups::find).map(GroupConfig::id);
    }

    /** The route's group; 404 when the id is not a number or names no group. */
    GroupConfig group(Exchange ex) {
        return id(ex).flatMap(groups::find)
                .orElseThrow(() -> ApiException.notFound("sensor group " + ex.pathParam("id")));
    }

    private static Optional<Integer> id(Exchange ex) {
        return Numbers.parseInt(ex.pathParam("id")).stream().boxed().findFirst();
    }

    private void list(Exchange ex) {
        Map<Integer, Long> hosts = hostsPerGroup();
        ex.json(
                200,
                groups.all().stream()
                        .filter(g -> ex.caller().maySee(g.id()))
                        .map(g -> document(g, hosts.getOrDefault(g.id(), 0L).intValue()))
                        .toList());
    }

    /** cbapi's create sends the fields it set (name, site_id, sensorbackend_server, sensor_version_*). */
    private void create(Exchange ex) {
        JsonNode body = ex.jsonBody(MAX_BODY);
        BodyFields b = new BodyFields(body, INVALID);
        if (!b.has("name")) throw ApiException.badRequest(INVALID, "name is required");
        if (!b.has("sensorbackend_server")) throw ApiException.badRequest(INVALID, "sensorbackend_server is required");
        GroupConfig base =
                GroupConfig.newGroup(b.text("name", ""), b.integer("site_id", 1), b.text("sensorbackend_server", ""));
        GroupConfig created = groups.create(apply(body, base));
        // Carbon Black answers {"id": N}; the whole group carries it too and spares cbapi a GET (reference §1.4).
        ex.json(200, document(created));
    }

    /** cbapi's save() sends the whole group back; what is absent or null keeps its value. */
    private void update(Exchange ex) {
        GroupConfig old = group(ex);
        JsonNode body = ex.jsonBody(MAX_BODY);
        BodyFields b = new BodyFields(body, INVALID);
        if (b.has("id") && b.integer("id", old.id()) != old.id()) {
            throw ApiException.badRequest(INVALID, "id " + b.integer("id", 0) + " is not the group's id " + old.id());
        }
        ex.json(200, document(groups.update(apply(body, old))));
    }

    private void delete(Exchange ex) {
        GroupConfig g = group(ex);
        if (g.id() == GroupConfig.DEFAULT_GROUP) {
            throw new ApiException(403, "default_group", "the default sensor group cannot be deleted");
        }
        // Refused rather than edited behind the administrator's back: a filter that loses its only group would
        // apply to nothing (or, emptied, be read differently); which filter to change is their decision.
        List<String> filters = filtersNaming.apply(g.id());
        if (!filters.isEmpty()) {
            throw new ApiException(
                    409,
                    "group_in_ingress_filters",
                    "sensor group " + g.id() + " is named by ingress filters " + String.join(", ", filters)
                            + "; remove it from them first");
        }
        groups.delete(g.id());
        teams.groupDeleted(g.id());
        ex.json(200, Result.SUCCESS);
    }

    private static GroupConfig apply(JsonNode body, GroupConfig old) {
        BodyFields b = new BodyFields(body, INVALID);
        Set<CollectFlag> collect = EnumSet.noneOf(CollectFlag.class);
        for (CollectFlag f : CollectFlag.values()) {
            if (b.bool(f.field(), old.collects(f))) collect.add(f);
        }
        return new GroupConfig(
                old.id(),
                b.text("name", old.name()),
                b.integer("site_id", old.siteId()),
                b.text("sensorbackend_server", old.sensorbackendServer()),
                b.integer("alert_criticality", old.alertCriticality()),
                b.bool("banning_enabled", old.banningEnabled()),
                collect,
                b.integer("checkin_interval_seconds", old.checkinIntervalSeconds()),
                b.strings("isolation_exclusions", old.isolationExclusions()),
                otherFields(body, old.otherFieldsJson()),
                old.enrolmentToken());
    }

    /** The stored other fields with those the body gives (only the names §5.7 knows) laid over them. */
    private static String otherFields(JsonNode body, String storedJson) {
        ObjectNode stored = BodyFields.storedObject(storedJson);
        for (String field : OTHER_DEFAULTS.keySet()) {
            if (body.has(field)) stored.set(field, body.get(field));
        }
        return stored.toString();
    }

    GroupDocument document(GroupConfig g) {
        long hosts =
                sensors.sensors().stream().filter(s -> s.groupId() == g.id()).count();
        return document(g, (int) hosts);
    }

    private GroupDocument document(GroupConfig g, int hosts) {
        Map<String, Object> others = new LinkedHashMap<>(OTHER_DEFAULTS);
        BodyFields.storedObject(g.otherFieldsJson()).properties().forEach(e -> others.put(e.getKey(), e.getValue()));
        return GroupDocument.of(g, others, teams.of(g.id()), hosts);
    }

    private Map<Integer, Long> hostsPerGroup() {
        return sensors.sensors().stream().collect(Collectors.groupingBy(Sensor::groupId, Collectors.counting()));
    }

    private static Map<String, Object> otherDefaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sensor_exe_name", "");
        m.put("address_resolution_hint", "");
        m.put("tamper_level", 0);
        m.put("sensor_version_windows", "Manual");
        m.put("sensor_version_osx", "Manual");
        m.put("sensor_version_linux", "Manual");
        m.put("datastore_server", null);
        m.put("max_licenses", -1);
        m.put("filter_known_dlls", false);
        m.put("process_filter_level", 0);
        m.put("quota_eventlog_bytes", "1073741824");
        m.put("quota_eventlog_percent", 1);
        m.put("quota_storefile_bytes", "1073741824");
        m.put("quota_storefile_percent", 1);
        m.put("server_cert_id", null);
        m.put("event_exclusions", List.of());
        m.put("vdi_enabled", false);
        return java.util.Collections.unmodifiableMap(m);
    }
}
