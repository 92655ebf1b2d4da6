package io.lampblack.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lampblack.server.json.Json;
import io.lampblack.server.problem.TextLimits;
import io.lampblack.server.sensor.ActionRecord;
import io.lampblack.server.sensor.HostFacts;
import io.lampblack.server.sensor.PendingAction;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorFacts;
import io.lampblack.server.sensor.SensorGroup;
import io.lampblack.server.sensor.SensorStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link SensorStore} over JDBC (H2 or PostgreSQL). */
public final class JdbcSensorStore implements SensorStore {

    private static final String SENSOR_COLUMNS = "id, group_id, hostname, computer_dns_name, os_type, host_type, "
            + "os_environment_display_string, network_adapters, build_version, secret_sha256, registration_time, "
            + "last_checkin_time, network_isolation_enabled, restart_queued, uninstall, notes, is_isolating, "
            + "uninstalled, event_log_flush_time, health_message, reported_facts";
    private static final String ACTION_COLUMNS =
            "id, sensor_id, action_type, payload, created_time, acked_time, outcome, outcome_message";

    private final Jdbc jdbc;
    private final DataSource dataSource;

    public JdbcSensorStore(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
        this.dataSource = db.dataSource();
    }

    @Override
    public Sensor register(HostFacts f, String secretSha256, Instant now) {
        long id = jdbc.insert(
                "insert into sensor (group_id, hostname, computer_dns_name, os_type, host_type, "
                        + "os_environment_display_string, network_adapters, build_version, secret_sha256, registration_time) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "id",
                f.groupId(),
                f.hostname(),
                f.computerDnsName(),
                f.osType(),
                f.hostType(),
                f.osEnvironment(),
                f.networkAdapters(),
                f.buildVersion(),
                secretSha256,
                now);
        return find((int) id).orElseThrow();
    }

    @Override
    public Optional<Sensor> find(int id) {
        return jdbc.one("select " + SENSOR_COLUMNS + " from sensor where id = ?", JdbcSensorStore::sensor, id);
    }

    @Override
    public List<Sensor> all() {
        return jdbc.query("select " + SENSOR_COLUMNS + " from sensor order by id", JdbcSensorStore::sensor);
    }

    @Override
    public Optional<SensorGroup> group(int id) {
        return jdbc.one(
                "select id, name, site_id, alert_criticality from sensor_group where id = ?",
                JdbcSensorStore::group,
                id);
    }

    @Override
    public List<SensorGroup> groups() {
        return jdbc.query(
                "select id, name, site_id, alert_criticality from sensor_group order by id", JdbcSensorStore::group);
    }

    /**
     * The id is chosen by the counter ({@link NextIds}), not by the identity column: the schema inserts the default
     * group with an explicit id 1, which neither H2 nor PostgreSQL counts towards the identity sequence; and an id
     * is never used twice, also after its group was deleted.
     */
    @Override
    public SensorGroup createGroup(String name, int siteId) {
        NextIds.insert(dataSource, "sensor_group", (c, id) -> {
            try (PreparedStatement ps =
                    c.prepareStatement("insert into sensor_group (id, name, site_id) values (?, ?, ?)")) {
                ps.setInt(1, id);
                ps.setString(2, name);
                ps.setInt(3, siteId);
                return ps.executeUpdate();
            }
        });
        return jdbc.one(
                        "select id, name, site_id, alert_criticality from sensor_group where name = ?",
                        JdbcSensorStore::group,
                        name)
                .orElseThrow();
    }

    @Override
    public List<PendingAction> allPendingActions() {
        return jdbc.query(
                "select id, action_type, payload, sensor_id, created_time from sensor_action where acked_time is null"
                        + " order by id",
                rs -> new PendingAction(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        Jdbc.instant(rs, "created_time").orElseThrow()));
    }

    @Override
    public void saveCheckins(List<Sensor> sensors) {
        if (sensors.isEmpty()) return;
        inTransaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("update sensor set last_checkin_time = ?, reported_facts = ? where id = ?")) {
                for (Sensor s : sensors) {
                    Optional<Instant> last = s.lastCheckinTime();
                    if (last.isPresent()) ps.setTimestamp(1, Timestamp.from(last.get()));
                    else ps.setNull(1, Types.TIMESTAMP);
                    ps.setString(2, facts(s.facts()));
                    ps.setInt(3, s.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<PendingAction> saveChange(Sensor s, List<ActionEnd> ended, List<PendingAction> queued, Instant now) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("update sensor set group_id = ?, notes = ?,"
                    + " network_isolation_enabled = ?, restart_queued = ?, uninstall = ?, is_isolating = ?,"
                    + " uninstalled = ?, event_log_flush_time = ?, health_message = ? where id = ?")) {
                ps.setInt(1, s.groupId());
                ps.setString(2, s.notes());
                ps.setBoolean(3, s.networkIsolationEnabled());
                ps.setBoolean(4, s.restartQueued());
                ps.setBoolean(5, s.uninstall());
                ps.setBoolean(6, s.isolating());
                ps.setBoolean(7, s.uninstalled());
                if (s.eventLogFlushTime().isPresent()) {
                    ps.setTimestamp(8, Timestamp.from(s.eventLogFlushTime().get()));
                } else {
                    ps.setNull(8, Types.TIMESTAMP);
                }
                ps.setString(9, s.healthMessage());
                ps.setInt(10, s.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("update sensor_action set acked_time = ?, outcome = ?,"
                    + " outcome_message = ? where id = ? and sensor_id = ? and acked_time is null")) {
                for (ActionEnd e : ended) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setString(2, e.outcome());
                    ps.setString(3, TextLimits.truncated(e.message(), 1024));
                    ps.setLong(4, e.id());
                    ps.setInt(5, s.id());
                    ps.addBatch();
                }
                if (!ended.isEmpty()) ps.executeBatch();
            }
            List<PendingAction> added = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into sensor_action (sensor_id, action_type, payload, created_time) values (?, ?, ?, ?)",
                    new String[] {"id"})) {
                for (PendingAction a : queued) {
                    ps.setInt(1, s.id());
                    ps.setString(2, a.type());
                    ps.setString(3, a.payloadJson());
                    ps.setTimestamp(4, Timestamp.from(a.created()));
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        if (!keys.next()) throw new SQLException("no generated key");
                        added.add(new PendingAction(keys.getLong(1), a.type(), a.payloadJson(), s.id(), a.created()));
                    }
                }
            }
            return added;
        });
    }

    @Override
    public List<ActionRecord> actions(int sensorId, int limit) {
        return jdbc.query(
                "select " + ACTION_COLUMNS + " from sensor_action where sensor_id = ? order by id desc limit ?",
                rs -> new ActionRecord(
                        rs.getLong("id"),
                        rs.getInt("sensor_id"),
                        rs.getString("action_type"),
                        rs.getString("payload"),
                        Jdbc.instant(rs, "created_time").orElseThrow(),
                        Jdbc.instant(rs, "acked_time"),
                        outcome(rs),
                        rs.getString("outcome_message")),
                sensorId,
                limit);
    }

    /** Acknowledged before actions had outcomes (schema V8): applied, as an acknowledgement then meant. */
    private static Optional<String> outcome(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        if (outcome != null) return Optional.of(outcome);
        return rs.getTimestamp("acked_time") == null ? Optional.empty() : Optional.of("applied");
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** One transaction: all of it or nothing. */
    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new Jdbc.StoreException("sensor transaction", e);
        }
    }

    private static String facts(SensorFacts f) {
        try {
            return Json.MAPPER.writeValueAsString(f);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Facts that do not parse (written by hand) are as good as none: the next check-in reports them again. */
    private static SensorFacts facts(String json) {
        try {
            return json == null || json.isBlank() ? SensorFacts.NONE : Json.MAPPER.readValue(json, SensorFacts.class);
        } catch (JsonProcessingException e) {
            return SensorFacts.NONE;
        }
    }

    private static Sensor sensor(ResultSet rs) throws SQLException {
        return new Sensor(
                rs.getInt("id"),
                rs.getInt("group_id"),
                rs.getString("hostname"),
                rs.getString("computer_dns_name"),
                rs.getString("os_type"),
                rs.getString("host_type"),
                rs.getString("os_environment_display_string"),
                rs.getString("network_adapters"),
                rs.getString("build_version"),
                rs.getString("secret_sha256"),
                Jdbc.instant(rs, "registration_time").orElseThrow(),
                Jdbc.instant(rs, "last_checkin_time"),
                rs.getBoolean("network_isolation_enabled"),
                rs.getBoolean("restart_queued"),
                rs.getBoolean("uninstall"),
                rs.getString("notes"),
                rs.getBoolean("is_isolating"),
                rs.getBoolean("uninstalled"),
                Jdbc.instant(rs, "event_log_flush_time"),
                rs.getString("health_message"),
                facts(rs.getString("reported_facts")));
    }

    private static SensorGroup group(ResultSet rs) throws SQLException {
        return new SensorGroup(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getInt(4));
    }
}
