package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.search.query.RequestParameters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of a search request (process or binary), from the URL and, for POST, from the body. The searches
 * themselves refuse what is wrong with them ({@code query_malformed_syntax}, {@code invalid_parameter}).
 */
final class SearchRequests {

    /** Largest search body accepted. */
    static final int MAX_BODY = 1 << 20;

    private SearchRequests() {}

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
        boolean form = ex.header("Content-Type")
                .map(t -> t.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))
                .orElse(false);
        if (form) {
            params.putAll(RequestParameters.form(new String(ex.body(MAX_BODY), StandardCharsets.UTF_8)));
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
}
