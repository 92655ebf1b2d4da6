package io.lampblack.server.store;

import io.lampblack.server.auth.User;
import io.lampblack.server.auth.UserStore;
import java.time.Instant;
import java.util.Optional;

/** {@link UserStore} over JDBC. */
public final class JdbcUserStore implements UserStore {

    private final Jdbc jdbc;

    public JdbcUserStore(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
    }

    @Override
    public Optional<User> findByTokenDigest(String tokenSha256) {
        return jdbc.one(
                "select username, first_name, last_name, email, global_admin from app_user where token_sha256 = ?",
                rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)),
                tokenSha256);
    }

    @Override
    public boolean exists(String username) {
        return jdbc.one("select 1 from app_user where username = ?", rs -> 1, username)
                .isPresent();
    }

    @Override
    public Optional<String> emailOf(String username) {
        return jdbc.one("select email from app_user where username = ?", rs -> rs.getString(1), username)
                .filter(e -> !e.isBlank());
    }

    @Override
    public void create(User u, String tokenSha256, Instant now) {
        jdbc.update(
                "insert into app_user (username, first_name, last_name, email, global_admin, token_sha256, created_time) "
                        + "values (?, ?, ?, ?, ?, ?, ?)",
                u.username(),
                u.firstName(),
                u.lastName(),
                u.email(),
                u.globalAdmin(),
                tokenSha256,
                now);
    }
}
