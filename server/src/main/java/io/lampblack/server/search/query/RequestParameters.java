package io.lampblack.server.search.query;

import io.lampblack.server.problem.InvalidInput;
import java.util.List;
import java.util.Map;

/** Reading the plain parameters of a search request (name → values), with Carbon Black's validation messages. */
public final class RequestParameters {

    private RequestParameters() {}

    /** A search parameter the request got wrong (other than the query text): Carbon Black's {@code invalid_parameter}. */
    public static InvalidInput invalid(String message) {
        return new InvalidInput("invalid_parameter", message);
    }

    /** The first value of a parameter, or null when absent. */
    public static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    /**
     * A non-negative integer parameter, {@code def} when absent or blank.
     *
     * @throws InvalidInput when it is not a non-negative integer
     */
    public static int nonNegativeInt(Map<String, List<String>> params, String name, int def) {
        String v = first(params, name);
        if (v == null || v.isBlank()) return def;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) throw invalid("parameter '" + name + "' must not be negative");
            return n;
        } catch (NumberFormatException e) {
            throw invalid("parameter '" + name + "' must be an integer");
        }
    }

    /** Whether any value of a flag parameter is {@code true} or {@code 1} (old clients repeat {@code facet}). */
    public static boolean flag(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v != null
                && v.stream()
                        .anyMatch(x -> x != null
                                && (x.trim().equalsIgnoreCase("true")
                                        || x.trim().equals("1")));
    }

    /**
     * Form-encoded parameters ({@code q=...&rows=...}) in order, as in a POST body or a stored query such as a
     * watchlist's {@code search_query} ({@code cb.urlver=1&q=...}); the map is the caller's to change.
     *
     * @throws InvalidInput a malformed percent-escape
     */
    public static Map<String, List<String>> form(String encoded) {
        Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k;
            String v;
            try {
                k = java.net.URLDecoder.decode(
                        eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
                v = eq < 0
                        ? ""
                        : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid("malformed query string near '" + pair + "': " + e.getMessage());
            }
            fields.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(v);
        }
        return fields;
    }
}
