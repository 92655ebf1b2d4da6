package io.lampblack.server.store;

import io.lampblack.server.auth.AccessProblem;
import io.lampblack.server.auth.GroupRole;
import io.lampblack.server.auth.Team;
import io.lampblack.server.auth.TeamStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** {@link TeamStore} over JDBC; every change in one transaction. */
public final class JdbcTeamStore implements TeamStore {

    private final DataSource ds;
    private final Jdbc jdbc;

    public JdbcTeamStore(Database db) {
        this.ds = db.dataSource();
        this.jdbc = new Jdbc(ds);
    }

    @Override
    public List<Team> teams() {
        Map<Integer, List<Team.GroupAccess>> access = new HashMap<>();
        jdbc.query(
                "select team_id, group_id, access_category from team_group_access order by team_id, group_id",
                rs -> access.computeIfAbsent(rs.getInt(1), t -> new ArrayList<>())
                        .add(new Team.GroupAccess(rs.getInt(2), role(rs.getString(3)))));
        return jdbc.query(
                "select id, name from team order by id",
                rs -> new Team(rs.getInt(1), rs.getString(2), access.getOrDefault(rs.getInt(1), List.of())));
    }

    @Override
    public Optional<Team> team(int id) {
        List<Team.GroupAccess> access = jdbc.query(
                "select group_id, access_category from team_group_access where team_id = ? order by group_id",
                rs -> new Team.GroupAccess(rs.getInt(1), role(rs.getString(2))),
                id);
        return jdbc.one(
                "select id, name from team where id = ?", rs -> new Team(rs.getInt(1), rs.getString(2), access), id);
    }

    @Override
    public List<Integer> existing(List<Integer> ids) {
        if (ids.isEmpty()) return List.of();
        String marks = ids.stream().map(i -> "?").collect(Collectors.joining(", "));
        return jdbc.query("select id from team where id in (" + marks + ")", rs -> rs.getInt(1), ids.toArray());
    }

    @Override
    public Team create(String name, List<Team.GroupAccess> access) {
        try {
            return JdbcTx.run(ds, tx -> {
                if (nameTaken(tx, name, -1)) throw duplicate(name);
                int id = (int) tx.insert("insert into team (name) values (?)", "id", name);
                insertAccess(tx, id, access);
                return new Team(id, name, access);
            });
        } catch (Jdbc.StoreException e) {
            if (JdbcTx.duplicateKey(e)) throw duplicate(name);
            throw e;
        }
    }

    @Override
    public boolean update(Team team) {
        try {
            return JdbcTx.run(ds, tx -> {
                if (tx.update("update team set name = name where id = ?", team.id()) == 0) return false;
                if (nameTaken(tx, team.name(), team.id())) throw duplicate(team.name());
                tx.update("update team set name = ? where id = ?", team.name(), team.id());
                tx.update("delete from team_group_access where team_id = ?", team.id());
                insertAccess(tx, team.id(), team.access());
                return true;
            });
        } catch (Jdbc.StoreException e) {
            if (JdbcTx.duplicateKey(e)) throw duplicate(team.name());
            throw e;
        }
    }

    @Override
    public boolean delete(int id) {
        return jdbc.update("delete from team where id = ?", id) > 0;
    }

    private static boolean nameTaken(JdbcTx tx, String name, int exceptId) throws SQLException {
        return tx.one("select 1 from team where name = ? and id <> ?", rs -> 1, name, exceptId)
                .isPresent();
    }

    private static void insertAccess(JdbcTx tx, int teamId, List<Team.GroupAccess> access) throws SQLException {
        for (Team.GroupAccess a : access) {
            tx.update(
                    "insert into team_group_access (team_id, group_id, access_category) values (?, ?, ?)",
                    teamId,
                    a.groupId(),
                    a.role().category());
        }
    }

    private static GroupRole role(String category) {
        return GroupRole.ofCategory(category).orElse(GroupRole.NO_ACCESS);
    }

    private static AccessProblem duplicate(String name) {
        return AccessProblem.conflict("duplicate_team_name", "a team named '" + name + "' exists already");
    }
}
