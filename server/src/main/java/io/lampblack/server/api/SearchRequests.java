package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The parameters of a search request (process or binary), from the URL and, for POST, from the body. */
final class SearchRequests {

    /** Largest search body accepted. */
    static final int MAX_BODY = 1 << 20;

    private SearchRequests() {
    }

    /** Runs a search, mapping the user's mistakes to Carbon Black's 400 reasons. */
    static <T> T run(java.util.function.Supplier<T> search) {
        try {
            return search.get();
        } catch (io.lampblack.server.search.query.QuerySyntaxException e) {
            throw new ApiException(400, "query_malformed_syntax", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_parameter", e.getMessage());
        }
    }

    /** The URL's query parameters, name → values in request order. */
    static Map<String, List<String>> query(Exchange ex) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        ex.query().forEach(f -> params.put(f.getName(), f.getValues()));
        return params;
    }

    /**
     * POST takes the same parameters as GET, in the body: form-encoded ({@code q=...&rows=...}), or the JSON object
     * the legacy client posts (parse_qs-shaped: values are lists or scalars). Body values override the URL's.
     */
    static Map<String, List<String>> posted(Exchange ex) {
        Map<String, List<String>> params = query(ex);
        boolean form = ex.header("Content-Type").map(t -> t.toLowerCase(Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded")).orElse(false);
        if (form) {
            params.putAll(form(new String(ex.body(MAX_BODY), StandardCharsets.UTF_8)));
        } else {
            JsonNode body = ex.jsonBody(MAX_BODY);
            if (body.isObject()) {
                body.properties().forEach(e -> {
                    List<String> vals = new ArrayList<>();
                    if (e.getValue().isArray()) e.getValue().forEach(v -> vals.add(v.asText()));
                    else vals.add(e.getValue().asText());
                    params.put(e.getKey(), vals);
                });
            }
        }
        return params;
    }

    /**
     * Form-encoded parameters ({@code q=...&rows=...}), as in a POST body or a stored query such as a watchlist's
     * {@code search_query} ({@code cb.urlver=1&q=...}).
     */
    static Map<String, List<String>> form(String encoded) {
        try {
            return io.lampblack.server.search.query.RequestParameters.form(encoded);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_parameter", e.getMessage());
        }
    }
}
