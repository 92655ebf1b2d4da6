package io.lampblack.server.store;

import io.lampblack.server.sensor.HostFacts;
import io.lampblack.server.sensor.PendingAction;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorGroup;
import io.lampblack.server.sensor.SensorStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link SensorStore} over JDBC (H2 or PostgreSQL). */
public final class JdbcSensorStore implements SensorStore {

    private static final String SENSOR_COLUMNS = "id, group_id, hostname, computer_dns_name, os_type, host_type, "
            + "os_environment_display_string, network_adapters, build_version, secret_sha256, registration_time, "
            + "last_checkin_time, network_isolation_enabled, restart_queued, uninstall, notes";

    private final Jdbc jdbc;

    public JdbcSensorStore(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
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
     * The id is chosen as one above the highest, not by the identity column: the schema inserts the default group
     * with an explicit id 1, which neither H2 nor PostgreSQL counts towards the identity sequence, so the first
     * generated id would collide with it.
     */
    @Override
    public synchronized SensorGroup createGroup(String name, int siteId) {
        jdbc.update(
                "insert into sensor_group (id, name, site_id) select coalesce(max(id), 0) + 1, ?, ? from sensor_group",
                name,
                siteId);
        return jdbc.one(
                        "select id, name, site_id, alert_criticality from sensor_group where name = ?",
                        JdbcSensorStore::group,
                        name)
                .orElseThrow();
    }

    @Override
    public void recordCheckin(int sensorId, Instant now) {
        jdbc.update("update sensor set last_checkin_time = ? where id = ?", now, sensorId);
    }

    @Override
    public List<PendingAction> pendingActions(int sensorId) {
        return jdbc.query(
                "select id, action_type, payload from sensor_action where sensor_id = ? and acked_time is null order by id",
                rs -> new PendingAction(rs.getLong(1), rs.getString(2), rs.getString(3)),
                sensorId);
    }

    @Override
    public void acknowledge(int sensorId, List<Long> actionIds, Instant now) {
        for (Long id : actionIds) {
            jdbc.update(
                    "update sensor_action set acked_time = ? where id = ? and sensor_id = ? and acked_time is null",
                    now,
                    id,
                    sensorId);
        }
    }

    @Override
    public long queueAction(int sensorId, String type, String payloadJson, Instant now) {
        return jdbc.insert(
                "insert into sensor_action (sensor_id, action_type, payload, created_time) values (?, ?, ?, ?)",
                "id",
                sensorId,
                type,
                payloadJson,
                now);
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
                rs.getString("notes"));
    }

    private static SensorGroup group(ResultSet rs) throws SQLException {
        return new SensorGroup(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getInt(4));
    }
}
