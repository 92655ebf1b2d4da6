package io.lampblack.server.store;

import io.lampblack.server.ingress.IngressFilter;
import io.lampblack.server.ingress.IngressFilterStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Ingress filters in the metadata database (table {@code ingress_filter}); list fields one entry per line. */
public final class JdbcIngressFilterStore implements IngressFilterStore {

    private static final String SPEC_COLUMNS = "name, description, priority, internal, enabled, filter_on_sensor,"
            + " filter_on_server, track_metrics, os_mask, global_filter, group_ids, sensor_ids, path_filters,"
            + " cmdline_filters, md5_filters, descendant_filtering_level, filter_all_events, regmod_filters,"
            + " modload_filters, filemod_filters, non_binary_filemod_filters, netconn_filters, crossproc_filters";
    private static final String COLUMNS = "id, create_timestamp, modify_timestamp, create_username, modify_username,"
            + " version, hit_count, " + SPEC_COLUMNS;
    private static final String ADD_HITS = "update ingress_filter set hit_count = hit_count + ? where id = ?";

    private final Jdbc jdbc;
    private final DataSource ds;

    public JdbcIngressFilterStore(Database db) {
        this.ds = db.dataSource();
        this.jdbc = new Jdbc(ds);
    }

    @Override
    public List<IngressFilter> all() {
        return jdbc.query("select " + COLUMNS + " from ingress_filter order by create_timestamp, id", this::filter);
    }

    @Override
    public Optional<IngressFilter> find(String id) {
        return jdbc.one("select " + COLUMNS + " from ingress_filter where id = ?", this::filter, id);
    }

    /** Synchronized: the existence check and the insert must not interleave with another create. */
    @Override
    public synchronized boolean create(IngressFilter f) {
        if (find(f.id()).isPresent()) return false;
        Object[] head = {f.id(), utc(f.created()), utc(f.modified()), f.createdBy(), f.modifiedBy(), f.version(), 0L};
        Object[] args = concat(head, specValues(f.spec()));
        jdbc.update(
                "insert into ingress_filter (" + COLUMNS + ") values (" + "?, ".repeat(args.length - 1) + "?)", args);
        return true;
    }

    @Override
    public synchronized boolean update(IngressFilter f) {
        String sets = String.join(" = ?, ", SPEC_COLUMNS.split(",\\s*")) + " = ?";
        Object[] args = concat(
                concat(new Object[] {utc(f.modified()), f.modifiedBy(), f.version()}, specValues(f.spec())),
                new Object[] {f.id()});
        return jdbc.update(
                        "update ingress_filter set modify_timestamp = ?, modify_username = ?, version = ?, " + sets
                                + " where id = ?",
                        args)
                == 1;
    }

    @Override
    public synchronized boolean delete(String id) {
        return jdbc.update("delete from ingress_filter where id = ?", id) == 1;
    }

    @Override
    public void addHits(Map<String, Long> hits) {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(ADD_HITS)) {
                for (Map.Entry<String, Long> e : hits.entrySet()) {
                    ps.setLong(1, e.getValue());
                    ps.setString(2, e.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new Jdbc.StoreException(ADD_HITS, e);
        }
    }

    private static Object[] specValues(IngressFilter.Spec s) {
        return new Object[] {
            s.name(),
            s.description(),
            s.priority(),
            s.internal(),
            s.enabled(),
            s.filterOnSensor(),
            s.filterOnServer(),
            s.trackMetrics(),
            s.osMask(),
            s.global(),
            lines(s.groupIds()),
            lines(s.sensorIds()),
            lines(s.pathFilters()),
            lines(s.cmdlineFilters()),
            lines(s.md5Filters()),
            s.descendantFilteringLevel(),
            s.filterAllEvents(),
            lines(s.regmodFilters()),
            lines(s.modloadFilters()),
            lines(s.filemodFilters()),
            lines(s.nonBinaryFilemodFilters()),
            lines(s.netconnFilters()),
            lines(s.crossprocFilters())
        };
    }

    private IngressFilter filter(ResultSet rs) throws SQLException {
        IngressFilter.Spec spec = new IngressFilter.Spec(
                rs.getString("name"),
                rs.getString("description"),
                rs.getInt("priority"),
                rs.getBoolean("internal"),
                rs.getBoolean("enabled"),
                rs.getBoolean("filter_on_sensor"),
                rs.getBoolean("filter_on_server"),
                rs.getBoolean("track_metrics"),
                rs.getInt("os_mask"),
                rs.getBoolean("global_filter"),
                ints(rs.getString("group_ids")),
                ints(rs.getString("sensor_ids")),
                strings(rs.getString("path_filters")),
                strings(rs.getString("cmdline_filters")),
                strings(rs.getString("md5_filters")),
                rs.getInt("descendant_filtering_level"),
                rs.getBoolean("filter_all_events"),
                strings(rs.getString("regmod_filters")),
                strings(rs.getString("modload_filters")),
                strings(rs.getString("filemod_filters")),
                strings(rs.getString("non_binary_filemod_filters")),
                strings(rs.getString("netconn_filters")),
                strings(rs.getString("crossproc_filters")));
        return new IngressFilter(
                rs.getString("id"),
                spec,
                rs.getObject("create_timestamp", OffsetDateTime.class).toInstant(),
                rs.getObject("modify_timestamp", OffsetDateTime.class).toInstant(),
                rs.getString("create_username"),
                rs.getString("modify_username"),
                rs.getInt("version"),
                rs.getLong("hit_count"));
    }

    /** Timestamps with time zone (V14) are written as UTC offsets, whatever the JVM's zone. */
    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static String lines(List<?> values) {
        StringBuilder b = new StringBuilder();
        for (Object v : values) {
            if (!b.isEmpty()) b.append('\n');
            b.append(v);
        }
        return b.toString();
    }

    private static List<String> strings(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
    }

    private static List<Integer> ints(String text) {
        return strings(text).stream().map(Integer::valueOf).toList();
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
