package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.auth.Team;
import java.util.List;
import java.util.function.IntFunction;

/** A team as {@code /api/teams} and {@code /api/team/<id>} answer it (reference §4.7). */
public record TeamDocument(
        @JsonProperty("id") int id,
        @JsonProperty("name") String name,
        @JsonProperty("group_access") List<GroupAccess> groupAccess) {

    public record GroupAccess(
            @JsonProperty("group_id") int groupId,
            @JsonProperty("group_name") String groupName,
            @JsonProperty("access_category") String accessCategory) {}

    public static TeamDocument of(Team t, IntFunction<String> groupName) {
        return new TeamDocument(
                t.id(),
                t.name(),
                t.access().stream()
                        .map(a -> new GroupAccess(
                                a.groupId(),
                                groupName.apply(a.groupId()),
                                a.role().category()))
                        .toList());
    }
}
