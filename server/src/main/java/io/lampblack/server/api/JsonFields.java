package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Typed fields of a JSON request body: a field of the wrong type is a 400 that names it. */
final class JsonFields {

    private JsonFields() {}

    static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject())
            throw ApiException.badRequest("invalid_body", "the body must be a JSON object");
        return body;
    }

    /** The field's text; {@code def} when absent or null. */
    static String text(JsonNode b, String field, String def) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) return def;
        if (!v.isTextual()) throw invalid(field, "must be a string");
        return v.asText();
    }

    static Optional<String> optionalText(JsonNode b, String field) {
        return Optional.ofNullable(text(b, field, null));
    }

    static boolean bool(JsonNode b, String field, boolean def) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) return def;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false")))
            return Boolean.parseBoolean(v.asText());
        throw invalid(field, "must be true or false");
    }

    /**
     * A list of ids given as numbers, numeric strings or objects with an {@code id} (cbapi ≥ 6.1 sends a user's
     * teams as {@code [{id, name}]}, older versions as ids); {@code def} when absent or null.
     */
    static List<Integer> ids(JsonNode b, String field, List<Integer> def) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) return def;
        if (!v.isArray()) throw invalid(field, "must be a list of ids");
        List<Integer> out = new ArrayList<>();
        for (JsonNode e : v) out.add(id(e.isObject() ? e.get("id") : e, field));
        return out;
    }

    static int id(JsonNode v, String field) {
        if (v != null && v.canConvertToInt() && v.isIntegralNumber()) return v.asInt();
        if (v != null && v.isTextual() && v.asText().matches("\\d{1,9}")) return Integer.parseInt(v.asText());
        throw invalid(field, "must hold integer ids");
    }

    static ApiException invalid(String field, String message) {
        return ApiException.badRequest("invalid_" + field, "'" + field + "' " + message);
    }
}
