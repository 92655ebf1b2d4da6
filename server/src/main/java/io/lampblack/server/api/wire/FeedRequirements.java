package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /api/v1/feed/<id>/requirements}: the conditions a feed needs and whether they hold. Carbon Black's
 * alliance feeds required data sharing or product features; no feed here requires anything.
 */
public record FeedRequirements(
        @JsonProperty("passed") List<String> passed,
        @JsonProperty("failed") List<String> failed) {

    public static final FeedRequirements NONE = new FeedRequirements(List.of(), List.of());
}
