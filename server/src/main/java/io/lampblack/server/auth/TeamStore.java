package io.lampblack.server.auth;

import java.util.List;
import java.util.Optional;

/** Persistence of teams and their roles per sensor group; each change one transaction. */
public interface TeamStore {

    List<Team> teams();

    Optional<Team> team(int id);

    /** Which of these team ids exist. */
    List<Integer> existing(List<Integer> ids);

    /**
     * @return the new team with its id
     * @throws AccessProblem 409 when the name is taken
     */
    Team create(String name, List<Team.GroupAccess> access);

    /**
     * @return false when the team does not exist
     * @throws AccessProblem 409 when the name is taken by another team
     */
    boolean update(Team team);

    boolean delete(int id);
}
