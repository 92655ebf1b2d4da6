package io.lampblack.server.store;

import io.lampblack.server.auth.AccessProblem;
import io.lampblack.server.auth.Account;
import io.lampblack.server.auth.GroupRole;
import io.lampblack.server.auth.User;
import io.lampblack.server.auth.UserChange;
import io.lampblack.server.auth.UserStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link UserStore} over JDBC; every change in one transaction. */
public final class JdbcUserStore implements UserStore {

    private static final String USER_COLUMNS =
            "username, first_name, last_name, email, global_admin, user_id, password_hash is not null";

    private final DataSource ds;
    private final Jdbc jdbc;

    public JdbcUserStore(Database db) {
        this.ds = db.dataSource();
        this.jdbc = new Jdbc(ds);
    }

    @Override
    public Optional<User> findByTokenDigest(String tokenSha256) {
        return jdbc.one(
                "select username, first_name, last_name, email, global_admin from app_user where token_sha256 = ?",
                JdbcUserStore::user,
                tokenSha256);
    }

    @Override
    public boolean exists(String username) {
        return jdbc.one("select 1 from app_user where username = ?", rs -> 1, username)
                .isPresent();
    }

    @Override
    public boolean anyUser() {
        return jdbc.one("select 1 from app_user fetch first 1 rows only", rs -> 1)
                .isPresent();
    }

    @Override
    public Optional<String> emailOf(String username) {
        return jdbc.one("select email from app_user where username = ?", rs -> rs.getString(1), username)
                .filter(e -> !e.isBlank());
    }

    @Override
    public List<Account> accounts() {
        Map<String, List<Account.TeamRef>> teams = new HashMap<>();
        jdbc.query(
                "select ut.username, t.id, t.name from user_team ut join team t on t.id = ut.team_id order by t.id",
                rs -> teams.computeIfAbsent(rs.getString(1), u -> new ArrayList<>())
                        .add(new Account.TeamRef(rs.getInt(2), rs.getString(3))));
        return jdbc.query(
                "select " + USER_COLUMNS + " from app_user order by username",
                rs -> account(rs, teams.getOrDefault(rs.getString(1), List.of())));
    }

    @Override
    public Optional<Account> account(String username) {
        List<Account.TeamRef> teams = jdbc.query(
                "select t.id, t.name from user_team ut join team t on t.id = ut.team_id where ut.username = ?"
                        + " order by t.id",
                rs -> new Account.TeamRef(rs.getInt(1), rs.getString(2)),
                username);
        return jdbc.one(
                "select " + USER_COLUMNS + " from app_user where username = ?", rs -> account(rs, teams), username);
    }

    /** How often a creation that lost the race for a user_id tries the next one. */
    private static final int CREATE_ATTEMPTS = 10;

    @Override
    public void create(UserChange change, String tokenSha256, String sealedToken, Instant now) {
        User u = change.user();
        for (int attempt = 1; ; attempt++) {
            try {
                insert(change, tokenSha256, sealedToken, now);
                return;
            } catch (Jdbc.StoreException e) {
                if (!JdbcTx.duplicateKey(e)) throw e;
                if (exists(u.username())) throw duplicate(u.username()); // created meanwhile by another request
                if (attempt == CREATE_ATTEMPTS) throw e;
                // Another user took the same user_id (unique since V12): the next attempt reads the new maximum.
            }
        }
    }

    private void insert(UserChange change, String tokenSha256, String sealedToken, Instant now) {
        User u = change.user();
        JdbcTx.run(ds, tx -> {
            if (tx.one("select 1 from app_user where username = ?", rs -> 1, u.username())
                    .isPresent()) throw duplicate(u.username());
            int userId = tx.one("select coalesce(max(user_id), 0) + 1 from app_user", rs -> rs.getInt(1))
                    .orElse(1);
            tx.update(
                    "insert into app_user (username, first_name, last_name, email, global_admin, token_sha256,"
                            + " token_cipher, password_hash, user_id, created_time)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    u.username(),
                    u.firstName(),
                    u.lastName(),
                    u.email(),
                    u.globalAdmin(),
                    tokenSha256,
                    sealedToken,
                    change.passwordHash().orElse(null),
                    userId,
                    now);
            insertTeams(tx, u.username(), change.teamIds());
            return null;
        });
    }

    @Override
    public boolean update(UserChange change) {
        User u = change.user();
        return JdbcTx.run(ds, tx -> {
            List<String> admins = lockAdmins(tx);
            if (tx.one("select 1 from app_user where username = ? for update", rs -> 1, u.username())
                    .isEmpty()) return false;
            if (!u.globalAdmin() && admins.equals(List.of(u.username()))) throw lastAdmin(u.username(), "demote");
            tx.update(
                    "update app_user set first_name = ?, last_name = ?, email = ?, global_admin = ? where username = ?",
                    u.firstName(),
                    u.lastName(),
                    u.email(),
                    u.globalAdmin(),
                    u.username());
            if (change.passwordHash().isPresent()) {
                tx.update(
                        "update app_user set password_hash = ? where username = ?",
                        change.passwordHash().get(),
                        u.username());
            }
            tx.update("delete from user_team where username = ?", u.username());
            insertTeams(tx, u.username(), change.teamIds());
            return true;
        });
    }

    @Override
    public boolean delete(String username) {
        return JdbcTx.run(ds, tx -> {
            List<String> admins = lockAdmins(tx);
            if (admins.equals(List.of(username))) throw lastAdmin(username, "delete");
            return tx.update("delete from app_user where username = ?", username) > 0;
        });
    }

    @Override
    public Optional<String> passwordHash(String username) {
        return jdbc.one(
                "select password_hash from app_user where username = ? and password_hash is not null",
                rs -> rs.getString(1),
                username);
    }

    @Override
    public boolean givePasswordToAdminWithout(String username, String passwordHash) {
        return jdbc.update(
                        "update app_user set password_hash = ? where username = ? and global_admin = true"
                                + " and password_hash is null",
                        passwordHash,
                        username)
                > 0;
    }

    @Override
    public Optional<String> sealedToken(String username) {
        return jdbc.one(
                "select token_cipher from app_user where username = ? and token_cipher is not null",
                rs -> rs.getString(1),
                username);
    }

    @Override
    public boolean revokeToken(String username) {
        return JdbcTx.run(ds, tx -> {
            List<String> admins = lockAdmins(tx);
            Optional<Boolean> hasPassword = tx.one(
                    "select password_hash is not null from app_user where username = ? for update",
                    rs -> rs.getBoolean(1),
                    username);
            if (hasPassword.isEmpty()) return false;
            if (admins.contains(username)
                    && !hasPassword.get()
                    && tx.one(
                                    "select 1 from app_user where global_admin = true and username <> ? and"
                                            + " (token_sha256 is not null or password_hash is not null)",
                                    rs -> 1,
                                    username)
                            .isEmpty()) {
                throw AccessProblem.conflict(
                        "last_global_admin",
                        "cannot revoke the token of '" + username + "': it has no password and no other global"
                                + " administrator has a token or a password, so nobody could administer the server;"
                                + " set a password first");
            }
            tx.update("update app_user set token_sha256 = null, token_cipher = null where username = ?", username);
            return true;
        });
    }

    @Override
    public boolean setToken(String username, String tokenSha256, String sealedToken) {
        if (tokenSha256 == null) {
            return jdbc.update(
                            "update app_user set token_sha256 = null, token_cipher = null where username = ?", username)
                    > 0;
        }
        return jdbc.update(
                        "update app_user set token_sha256 = ?, token_cipher = ? where username = ?",
                        tokenSha256,
                        sealedToken,
                        username)
                > 0;
    }

    @Override
    public Map<Integer, GroupRole> groupRoles(String username) {
        Map<Integer, GroupRole> roles = new LinkedHashMap<>();
        jdbc.query(
                "select a.group_id, a.access_category from user_team ut join team_group_access a"
                        + " on a.team_id = ut.team_id where ut.username = ?",
                rs -> roles.merge(
                        rs.getInt(1),
                        GroupRole.ofCategory(rs.getString(2)).orElse(GroupRole.NO_ACCESS),
                        GroupRole::strongest),
                username);
        return roles;
    }

    /** The global administrators, locked until the transaction ends: two changes cannot each remove "another" one. */
    private static List<String> lockAdmins(JdbcTx tx) throws SQLException {
        return tx.query(
                "select username from app_user where global_admin = true order by username for update",
                rs -> rs.getString(1));
    }

    private static void insertTeams(JdbcTx tx, String username, List<Integer> teamIds) throws SQLException {
        for (int id : teamIds.stream().distinct().toList()) {
            tx.update("insert into user_team (username, team_id) values (?, ?)", username, id);
        }
    }

    private static AccessProblem duplicate(String username) {
        return AccessProblem.conflict("duplicate_username", "a user named '" + username + "' exists already");
    }

    private static AccessProblem lastAdmin(String username, String what) {
        return AccessProblem.conflict(
                "last_global_admin",
                "cannot " + what + " '" + username + "': it is the last global administrator, and the server would have"
                        + " none left");
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5));
    }

    private static Account account(ResultSet rs, List<Account.TeamRef> teams) throws SQLException {
        return new Account(user(rs), rs.getInt(6), teams, rs.getBoolean(7));
    }
}
