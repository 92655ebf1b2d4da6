package io.lampblack.server.store;

import io.lampblack.server.ban.BanStore;
import io.lampblack.server.ban.BannedHash;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Bans in the metadata database (tables {@code banned_hash}, {@code banned_hash_audit}). */
public final class JdbcBanStore implements BanStore {

    private static final String COLUMNS = "md5hash, text, enabled, username, user_id, banned_at, block_count,"
            + " last_block_time, last_block_sensor_id, last_block_hostname";

    private final Jdbc jdbc;

    public JdbcBanStore(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
    }

    @Override
    public List<BannedHash> all(int limit) {
        return jdbc
                .query("select " + COLUMNS + " from banned_hash order by banned_at desc, md5hash", this::ban)
                .stream()
                .limit(limit)
                .toList();
    }

    @Override
    public Optional<BannedHash> find(String md5) {
        return jdbc.one("select " + COLUMNS + " from banned_hash where md5hash = ?", this::ban, md5);
    }

    @Override
    public synchronized void put(String md5, String text, boolean enabled, String username, int userId, Instant at) {
        if (jdbc.update(
                        "update banned_hash set text = ?, enabled = ?, username = ?, user_id = ?, banned_at = ?"
                                + " where md5hash = ?",
                        text,
                        enabled,
                        username,
                        userId,
                        at,
                        md5)
                == 0) {
            jdbc.update(
                    "insert into banned_hash (md5hash, text, enabled, username, user_id, banned_at) values"
                            + " (?, ?, ?, ?, ?, ?)",
                    md5,
                    text,
                    enabled,
                    username,
                    userId,
                    at);
        }
        jdbc.update(
                "insert into banned_hash_audit (md5hash, username, user_id, at, text, enabled) values"
                        + " (?, ?, ?, ?, ?, ?)",
                md5,
                username,
                userId,
                at,
                text,
                enabled);
    }

    @Override
    public List<String> enabledMd5s() {
        return jdbc.query("select md5hash from banned_hash where enabled order by md5hash", rs -> rs.getString(1));
    }

    @Override
    public boolean blocked(String md5, Instant at, int sensorId, String hostname) {
        return jdbc.update(
                        "update banned_hash set block_count = block_count + 1, last_block_time = ?,"
                                + " last_block_sensor_id = ?, last_block_hostname = ? where md5hash = ?",
                        at,
                        sensorId,
                        hostname,
                        md5)
                > 0;
    }

    private BannedHash ban(ResultSet rs) throws SQLException {
        String md5 = rs.getString("md5hash");
        int sensor = rs.getInt("last_block_sensor_id");
        Optional<Integer> lastSensor = rs.wasNull() ? Optional.empty() : Optional.of(sensor);
        List<BannedHash.Change> audit = jdbc.query(
                "select username, user_id, at, text, enabled from banned_hash_audit" + " where md5hash = ? order by id",
                r -> new BannedHash.Change(
                        r.getString(1), r.getInt(2), r.getTimestamp(3).toInstant(), r.getString(4), r.getBoolean(5)),
                md5);
        return new BannedHash(
                md5,
                rs.getString("text"),
                rs.getBoolean("enabled"),
                rs.getString("username"),
                rs.getInt("user_id"),
                rs.getTimestamp("banned_at").toInstant(),
                rs.getLong("block_count"),
                Jdbc.instant(rs, "last_block_time"),
                lastSensor,
                rs.getString("last_block_hostname"),
                audit);
    }
}
