package io.lampblack.server.auth;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling the REST API and what they may see and do, resolved once per request: a global administrator may
 * do everything; anyone else has a {@link GroupRole} per sensor group (the strongest their teams give), No Access
 * where none does. Everything that filters or refuses by group asks this one value.
 *
 * @param groupRoles the caller's role per group id; groups absent are No Access (ignored for a global admin)
 */
public record Caller(User user, Map<Integer, GroupRole> groupRoles) {

    public Caller {
        groupRoles = Map.copyOf(groupRoles);
    }

    /** A global administrator (every group), or a user with no team yet (no group). */
    public static Caller of(User user) {
        return new Caller(user, Map.of());
    }

    public String username() {
        return user.username();
    }

    public boolean globalAdmin() {
        return user.globalAdmin();
    }

    public GroupRole roleIn(int groupId) {
        if (globalAdmin()) return GroupRole.ADMINISTRATOR;
        return groupRoles.getOrDefault(groupId, GroupRole.NO_ACCESS);
    }

    /** Whether the caller may see the group's sensors and what they sent. */
    public boolean maySee(int groupId) {
        return roleIn(groupId) != GroupRole.NO_ACCESS;
    }

    /** Whether the caller may act on the group's sensors (isolate, restart, live response) and triage its data. */
    public boolean mayAdminister(int groupId) {
        return roleIn(groupId) == GroupRole.ADMINISTRATOR;
    }

    /** Whether the caller administers at least one group (or all of them). */
    public boolean administersAnyGroup() {
        return globalAdmin() || groupRoles.containsValue(GroupRole.ADMINISTRATOR);
    }

    /** The groups whose data the caller may see; empty when they may see every group (a global administrator). */
    public Optional<Set<Integer>> visibleGroups() {
        if (globalAdmin()) return Optional.empty();
        Set<Integer> visible = new TreeSet<>();
        groupRoles.forEach((g, r) -> {
            if (r != GroupRole.NO_ACCESS) visible.add(g);
        });
        return Optional.of(Set.copyOf(visible));
    }
}
