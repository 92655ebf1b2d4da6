package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.investigation.TaggedEvent;
import io.lampblack.server.json.RawJson;

/**
 * A tagged event (reference §5.14): {@code event_data} as the client sent it, {@code tagged_by_user_id} the tagger's
 * username.
 */
public record TaggedEventDocument(
        @JsonProperty("id") long id,
        @JsonProperty("investigation_id") long investigationId,
        @JsonProperty("event_id") String eventId,
        @JsonProperty("event_type") String eventType,
        @JsonProperty("event_data") RawJson eventData,
        @JsonProperty("unique_id") String uniqueId,
        @JsonProperty("segment_id") long segmentId,
        @JsonProperty("process_id") String processId,
        @JsonProperty("start_date") String startDate,
        @JsonProperty("date_tagged") String dateTagged,
        @JsonProperty("tagged_by_user_id") String taggedByUserId,
        @JsonProperty("notes") String notes) {

    public static TaggedEventDocument of(TaggedEvent e) {
        return new TaggedEventDocument(
                e.id(),
                e.investigationId(),
                e.eventId(),
                e.eventType(),
                RawJson.of(e.eventData().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                e.uniqueId(),
                e.segmentId(),
                e.processId(),
                e.startDate(),
                DbTime.of(e.dateTagged()),
                e.taggedBy(),
                e.notes());
    }
}
