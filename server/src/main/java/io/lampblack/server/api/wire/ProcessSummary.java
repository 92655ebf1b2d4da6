package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code GET /api/v1/process/<guid>/<segment>?children=N} (reference §5.3): cbapi reads all four keys. The process
 * documents themselves are the stored segment documents, merged over the segments asked for.
 *
 * @param parent an empty object when the parent is unknown or not indexed
 */
public record ProcessSummary(
        @JsonProperty("process") JsonNode process,
        @JsonProperty("parent") JsonNode parent,
        @JsonProperty("children") List<? extends JsonNode> children,
        @JsonProperty("siblings") List<? extends JsonNode> siblings) {}
