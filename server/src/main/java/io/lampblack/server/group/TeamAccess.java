package io.lampblack.server.group;

import java.util.List;

/**
 * Which teams have which role in a group (a group's {@code team_access}). The teams live with the users; until they
 * answer, no team has access to any group.
 */
@FunctionalInterface
public interface TeamAccess {

    /** One team's role in a group: {@code accessCategory} is "Administrator", "Viewer" or "No Access". */
    record Grant(int teamId, String teamName, String accessCategory) {}

    List<Grant> of(int groupId);

    /** A group was deleted: roles cached from the teams are worked out again (by default nothing is cached). */
    default void groupDeleted(int groupId) {}

    TeamAccess NONE = groupId -> List.of();
}
