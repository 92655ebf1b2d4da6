package io.lampblack.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.lampblack.server.group.CollectFlag;
import io.lampblack.server.group.GroupConfig;
import io.lampblack.server.group.GroupStore;
import io.lampblack.server.json.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

/** {@link GroupStore} over JDBC: one row of {@code sensor_group} per group, a column per applied setting. */
public final class JdbcGroupStore implements GroupStore {

    private static final String SETTINGS = Stream.concat(
                    Stream.of(
                            "name",
                            "site_id",
                            "sensorbackend_server",
                            "alert_criticality",
                            "banning_enabled",
                            "checkin_interval_seconds",
                            "isolation_exclusions",
                            "other_fields"),
                    Stream.of(CollectFlag.values()).map(CollectFlag::field))
            .collect(Collectors.joining(", "));
    private static final String SELECT =
            "select id, " + SETTINGS + ", enrolment_token_sha256 is not null as has_token from sensor_group";
    private static final int SETTING_COUNT = 8 + CollectFlag.values().length;

    private final Jdbc jdbc;
    private final DataSource dataSource;

    public JdbcGroupStore(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
        this.dataSource = db.dataSource();
    }

    @Override
    public List<GroupConfig> all() {
        return jdbc.query(SELECT + " order by id", JdbcGroupStore::group);
    }

    @Override
    public Optional<GroupConfig> find(int id) {
        return jdbc.one(SELECT + " where id = ?", JdbcGroupStore::group, id);
    }

    /** The id is the next of the counter (never one used before, {@link NextIds}): the default group's id 1 is explicit. */
    @Override
    public GroupConfig create(GroupConfig g) {
        List<Object> args = settings(g);
        String marks = String.join(", ", java.util.Collections.nCopies(SETTING_COUNT, "?"));
        int id = NextIds.insert(dataSource, "sensor_group", (c, next) -> {
            try (PreparedStatement ps =
                    c.prepareStatement("insert into sensor_group (id, " + SETTINGS + ") values (?, " + marks + ")")) {
                ps.setInt(1, next);
                for (int i = 0; i < args.size(); i++) ps.setObject(i + 2, args.get(i));
                ps.executeUpdate();
            }
            return next;
        });
        return find(id).orElseThrow();
    }

    @Override
    public boolean update(GroupConfig g) {
        String assignments =
                Stream.of(SETTINGS.split(", ")).map(c -> c + " = ?").collect(Collectors.joining(", "));
        List<Object> args = settings(g);
        args.add(g.id());
        return jdbc.update("update sensor_group set " + assignments + " where id = ?", args.toArray()) == 1;
    }

    @Override
    public Deleted delete(int id) {
        int n = jdbc.update(
                "delete from sensor_group where id = ? and not exists (select 1 from sensor where group_id = ?)",
                id,
                id);
        if (n == 1) return Deleted.DELETED;
        return find(id).isPresent() ? Deleted.HAS_SENSORS : Deleted.NOT_FOUND;
    }

    @Override
    public boolean enrolmentToken(int groupId, String sha256OrNull, String sealedOrNull) {
        return jdbc.update(
                        "update sensor_group set enrolment_token_sha256 = ?, enrolment_token_sealed = ? where id = ?",
                        sha256OrNull,
                        sealedOrNull,
                        groupId)
                == 1;
    }

    @Override
    public Optional<String> sealedEnrolmentToken(int groupId) {
        return jdbc
                .query(
                        "select enrolment_token_sealed from sensor_group where id = ? and enrolment_token_sealed is not"
                                + " null",
                        rs -> rs.getString(1),
                        groupId)
                .stream()
                .findFirst();
    }

    @Override
    public Map<Integer, String> enrolmentDigests() {
        Map<Integer, String> out = new HashMap<>();
        jdbc.query(
                        "select id, enrolment_token_sha256 from sensor_group where enrolment_token_sha256 is not null",
                        rs -> Map.entry(rs.getInt(1), rs.getString(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static List<Object> settings(GroupConfig g) {
        List<Object> args = new ArrayList<>(List.of(
                g.name(),
                g.siteId(),
                g.sensorbackendServer(),
                g.alertCriticality(),
                g.banningEnabled(),
                g.checkinIntervalSeconds(),
                json(g.isolationExclusions()),
                g.otherFieldsJson()));
        for (CollectFlag f : CollectFlag.values()) args.add(g.collects(f));
        return args;
    }

    private static GroupConfig group(ResultSet rs) throws SQLException {
        Set<CollectFlag> collect = EnumSet.noneOf(CollectFlag.class);
        for (CollectFlag f : CollectFlag.values()) {
            if (rs.getBoolean(f.field())) collect.add(f);
        }
        return new GroupConfig(
                rs.getInt("id"),
                rs.getString("name"),
                rs.getInt("site_id"),
                rs.getString("sensorbackend_server"),
                rs.getInt("alert_criticality"),
                rs.getBoolean("banning_enabled"),
                collect,
                rs.getInt("checkin_interval_seconds"),
                list(rs.getString("isolation_exclusions")),
                rs.getString("other_fields"),
                rs.getBoolean("has_token"));
    }

    private static String json(List<String> list) {
        try {
            return Json.MAPPER.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(String json) throws SQLException {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new SQLException("isolation_exclusions is not a JSON array of strings", e);
        }
    }
}
