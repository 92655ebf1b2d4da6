package io.lampblack.server.auth;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Teams as administrators manage them: validated (a name, known sensor groups, each group once), each change one
 * transaction, after which every cached role is dropped.
 */
public final class Teams {

    private final TeamStore store;
    private final GroupNames groups;
    private final Accounts accounts;

    public Teams(TeamStore store, GroupNames groups, Accounts accounts) {
        this.store = store;
        this.groups = groups;
        this.accounts = accounts;
    }

    public List<Team> list() {
        return store.teams();
    }

    public Optional<Team> get(int id) {
        return store.team(id);
    }

    /** The name of a team's group as team documents show it ("" for a group deleted meanwhile). */
    public String groupName(int groupId) {
        return groups.name(groupId).orElse("");
    }

    public Team create(String name, List<Team.GroupAccess> access) {
        validate(name, access);
        Team t = store.create(name.strip(), access);
        accounts.changed();
        return t;
    }

    public boolean update(Team team) {
        validate(team.name(), team.access());
        boolean done = store.update(new Team(team.id(), team.name().strip(), team.access()));
        accounts.changed();
        return done;
    }

    public boolean delete(int id) {
        boolean done = store.delete(id);
        accounts.changed();
        return done;
    }

    private void validate(String name, List<Team.GroupAccess> access) {
        if (name == null
                || name.isBlank()
                || name.length() > 255
                || name.chars().anyMatch(c -> c < 0x20))
            throw Accounts.invalid("name", "must be 1 to 255 characters without control characters");
        Set<Integer> seen = new HashSet<>();
        for (Team.GroupAccess a : access) {
            if (groups.name(a.groupId()).isEmpty())
                throw Accounts.invalid("group_access", "names no sensor group with id " + a.groupId());
            if (!seen.add(a.groupId()))
                throw Accounts.invalid("group_access", "names sensor group " + a.groupId() + " twice");
        }
    }
}
