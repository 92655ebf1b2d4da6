package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /api/v{1..4}/process/<guid>/<segment>/event} (reference §5.4): the process document with the
 * {@code *_complete} arrays of the API version asked for, and the seconds it took.
 */
public record ProcessEvents(
        @JsonProperty("process") JsonNode process,
        @JsonProperty("elapsed") double elapsed) {}
