package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Typed fields of a JSON body that cbapi sent back whole after reading it: a field that is absent or null keeps the
 * value it had ({@code def}), one of the wrong type is a 400 ({@code reason}) naming it. Numbers and booleans are
 * also accepted as the strings Carbon Black itself sometimes writes them as ({@code "3"}, {@code "true"}).
 */
final class BodyFields {

    private final JsonNode body;
    private final String reason;

    BodyFields(JsonNode body, String reason) {
        if (!body.isObject()) throw ApiException.badRequest(reason, "the body must be a JSON object");
        this.body = body;
        this.reason = reason;
    }

    boolean has(String field) {
        return body.hasNonNull(field);
    }

    String text(String field, String def) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return def;
        if (!n.isValueNode()) throw wrong(field, "a string");
        return n.asText();
    }

    int integer(String field, int def) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return def;
        if (n.isIntegralNumber() && n.canConvertToInt()) return n.intValue();
        OptionalInt parsed = n.isTextual() ? Numbers.parseInt(n.asText().strip()) : OptionalInt.empty();
        return parsed.orElseThrow(() -> wrong(field, "a whole number"));
    }

    long longInteger(String field, long def) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return def;
        if (n.isIntegralNumber() && n.canConvertToLong()) return n.longValue();
        // cbapi sends fields its models type as "number" (ThrottleRule's bytes_per_second) as floats: 100000.0
        if (n.isFloatingPointNumber() && n.canConvertToExactIntegral() && n.canConvertToLong()) return n.longValue();
        if (n.isTextual()) {
            var parsed = Numbers.parseLong(n.asText().strip());
            if (parsed.isPresent()) return parsed.getAsLong();
        }
        throw wrong(field, "a whole number");
    }

    boolean bool(String field, boolean def) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return def;
        if (n.isBoolean()) return n.booleanValue();
        if (n.isTextual() && (n.asText().equalsIgnoreCase("true") || n.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(n.asText());
        }
        throw wrong(field, "true or false");
    }

    List<String> strings(String field, List<String> def) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return def;
        if (!n.isArray()) throw wrong(field, "an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) throw wrong(field, "an array of strings");
            out.add(e.asText());
        }
        return out;
    }

    private ApiException wrong(String field, String what) {
        return ApiException.badRequest(reason, field + " must be " + what);
    }

    /** A JSON object kept in the database as text; an empty one when the text is not an object. */
    static ObjectNode storedObject(String json) {
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            return n instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
        } catch (Exception e) {
            return Json.MAPPER.createObjectNode();
        }
    }
}
