package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code GET /api/health}: {@code ready} or {@code unavailable}, and each part the server needs ({@code journal},
 * {@code index}, {@code database}, {@code bus}) as {@code ok} or {@code down}. Nothing else: no versions, paths or
 * counts, since anyone who reaches the port may ask.
 */
public record HealthDocument(
        @JsonProperty("status") String status,
        @JsonProperty("checks") Map<String, String> checks) {}
