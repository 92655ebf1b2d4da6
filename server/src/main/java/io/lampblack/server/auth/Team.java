package io.lampblack.server.auth;

import java.util.List;

/** A team: its members get {@code access}'s role in each listed sensor group (absent groups: No Access). */
public record Team(int id, String name, List<GroupAccess> access) {

    public Team {
        access = List.copyOf(access);
    }

    public record GroupAccess(int groupId, GroupRole role) {}
}
