package io.lampblack.server.search.query;

import java.util.List;
import java.util.Map;

/** Reading the plain parameters of a search request (name → values), with Carbon Black's validation messages. */
public final class RequestParameters {

    private RequestParameters() {
    }

    /** The first value of a parameter, or null when absent. */
    public static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    /**
     * A non-negative integer parameter, {@code def} when absent or blank.
     *
     * @throws IllegalArgumentException when it is not a non-negative integer
     */
    public static int nonNegativeInt(Map<String, List<String>> params, String name, int def) {
        String v = first(params, name);
        if (v == null || v.isBlank()) return def;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) throw new IllegalArgumentException("parameter '" + name + "' must not be negative");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' must be an integer");
        }
    }

    /** Whether any value of a flag parameter is {@code true} or {@code 1} (old clients repeat {@code facet}). */
    public static boolean flag(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v != null && v.stream().anyMatch(x -> x != null && (x.trim().equalsIgnoreCase("true") || x.trim().equals("1")));
    }
}
