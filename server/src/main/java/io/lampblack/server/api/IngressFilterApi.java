package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.api.wire.IngressFilterDocument;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.auth.User;
import io.lampblack.server.ingress.IngressFilter;
import io.lampblack.server.ingress.IngressFilters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/ingress_whitelist} (reference §4.14, §5.13), as cbapi's {@code IngressFilter} uses it: every route
 * for global administrators only (filters are server configuration and name sensors and groups a scoped caller may not
 * see). A create is an array of one filter (cbapi sends {@code [object]}, its {@code id} honoured) and is
 * answered with the array of created ids; a bare object is accepted too. PUT answers the filter as it now is.
 */
public final class IngressFilterApi {

    private static final long MAX_BODY = 1 << 20;
    private static final String BASE = "/api/v1/ingress_whitelist";

    private final IngressFilters filters;

    public IngressFilterApi(IngressFilters filters) {
        this.filters = filters;
    }

    public void register(Router r) {
        r.route(
                "GET",
                BASE,
                Router.Access.GLOBAL_ADMIN,
                ex -> ex.json(
                        200,
                        filters.all().stream().map(IngressFilterDocument::of).toList()));
        r.route("GET", BASE + "/{id}", Router.Access.GLOBAL_ADMIN, ex -> {
            String id = ex.pathParam("id");
            ex.json(200, IngressFilterDocument.of(filters.find(id).orElseThrow(() -> notFound(id))));
        });
        r.route("POST", BASE, Router.Access.GLOBAL_ADMIN, this::create);
        r.route("PUT", BASE + "/{id}", Router.Access.GLOBAL_ADMIN, ex -> {
            JsonNode b = ex.jsonBody(MAX_BODY);
            if (b.isArray() && b.size() == 1) b = b.get(0);
            IngressFilter f = filters.update(ex.pathParam("id"), spec(b), user(ex));
            ex.json(200, IngressFilterDocument.of(f));
        });
        r.route("DELETE", BASE + "/{id}", Router.Access.GLOBAL_ADMIN, ex -> {
            filters.delete(ex.pathParam("id"));
            ex.json(200, Result.SUCCESS);
        });
    }

    private void create(Exchange ex) {
        JsonNode b = ex.jsonBody(MAX_BODY);
        List<JsonNode> objects = new ArrayList<>();
        if (b.isArray()) b.forEach(objects::add);
        else objects.add(b);
        if (objects.size() != 1) {
            throw ApiException.badRequest("invalid_ingress_filter", "the body must be an array of one filter object");
        }
        JsonNode o = objects.getFirst();
        IngressFilter.Spec spec = spec(o);
        Optional<String> id = o.hasNonNull("id") ? Optional.of(o.get("id").asText()) : Optional.empty();
        IngressFilter created = filters.create(id, spec, user(ex));
        ex.json(200, List.of(created.id()));
    }

    /** What a client sets, with the defaults of a filter that says nothing more than its description. */
    static IngressFilter.Spec spec(JsonNode o) {
        if (!o.isObject()) throw ApiException.badRequest("invalid_ingress_filter", "a filter must be a JSON object");
        List<Integer> groups = ints(o, "group_ids");
        List<Integer> sensors = ints(o, "sensor_ids");
        return new IngressFilter.Spec(
                text(o, "name", ""),
                text(o, "description", null),
                integer(o, "priority", 0),
                bool(o, "internal", false),
                bool(o, "enabled", true),
                bool(o, "filter_on_sensor", false),
                bool(o, "filter_on_server", true),
                bool(o, "track_metrics", false),
                integer(o, "os_mask", IngressFilter.OS_ALL),
                // A filter naming no group and no sensor is meant for every sensor.
                bool(o, "global", groups.isEmpty() && sensors.isEmpty()),
                groups,
                sensors,
                strings(o, "path_filters"),
                strings(o, "cmdline_filters"),
                strings(o, "md5_filters"),
                integer(o, "descendant_filtering_level", 0),
                bool(o, "filter_all_events", true),
                strings(o, "regmod_filters"),
                strings(o, "modload_filters"),
                strings(o, "filemod_filters"),
                strings(o, "non_binary_filemod_filters"),
                strings(o, "netconn_filters"),
                strings(o, "crossproc_filters"));
    }

    private static String text(JsonNode o, String field, String def) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (def == null) throw ApiException.badRequest("invalid_ingress_filter", field + " is required");
            return def;
        }
        if (!v.isTextual()) throw wrong(field, "a string");
        return v.asText();
    }

    private static boolean bool(JsonNode o, String field, boolean def) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return def;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw wrong(field, "true or false");
    }

    private static int integer(JsonNode o, String field, int def) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return def;
        if (v.canConvertToInt() && v.isIntegralNumber()) return v.asInt();
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText().strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw wrong(field, "an integer");
    }

    private static List<String> strings(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw wrong(field, "an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) throw wrong(field, "an array of strings");
            out.add(e.asText());
        }
        return out;
    }

    private static List<Integer> ints(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw wrong(field, "an array of integers");
        List<Integer> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (e.isIntegralNumber() && e.canConvertToInt()) out.add(e.asInt());
            else if (e.isTextual() && e.asText().strip().matches("-?[0-9]{1,9}"))
                out.add(Integer.parseInt(e.asText().strip()));
            else throw wrong(field, "an array of integers");
        }
        return out;
    }

    private static ApiException wrong(String field, String what) {
        return ApiException.badRequest("invalid_ingress_filter", field + " must be " + what);
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no ingress filter with id '" + id + "'");
    }

    private static String user(Exchange ex) {
        return ex.user().map(User::username).orElse("");
    }
}
