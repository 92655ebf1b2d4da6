package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.investigation.Investigation;

/**
 * An investigation (reference §5.14). {@code created_by_user_id} is the creator's username: users are keyed by name
 * here (docs/compatibility.md).
 */
public record InvestigationDocument(
        @JsonProperty("id") long id,
        @JsonProperty("name") String name,
        @JsonProperty("notes") String notes,
        @JsonProperty("date_started") String dateStarted,
        @JsonProperty("last_updated") String lastUpdated,
        @JsonProperty("created_by_user_id") String createdByUserId) {

    public static InvestigationDocument of(Investigation i) {
        return new InvestigationDocument(
                i.id(), i.name(), i.notes(), DbTime.of(i.dateStarted()), DbTime.of(i.lastUpdated()), i.createdBy());
    }
}
