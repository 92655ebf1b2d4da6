package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A site as cbapi's {@code Site} reads it (reference §4.6): id, name, the ids of its groups, and any other field the
 * administrator sent, as sent.
 */
public record SiteDocument(
        @JsonProperty("id") int id,
        @JsonProperty("name") String name,
        @JsonProperty("group_ids") List<Integer> groupIds,
        @JsonAnyGetter Map<String, Object> otherFields) {}
