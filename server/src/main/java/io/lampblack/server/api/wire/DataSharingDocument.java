package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.group.DataSharing;

/** A group's data-sharing setting (reference §4.5): {@code who} may receive {@code what}. */
public record DataSharingDocument(
        @JsonProperty("id") int id,
        @JsonProperty("group_id") int groupId,
        @JsonProperty("who") String who,
        @JsonProperty("what") String what) {

    public static DataSharingDocument of(DataSharing d) {
        return new DataSharingDocument(d.id(), d.groupId(), d.who(), d.what());
    }
}
