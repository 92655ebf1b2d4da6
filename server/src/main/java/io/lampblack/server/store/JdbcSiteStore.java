package io.lampblack.server.store;

import io.lampblack.server.group.DataSharing;
import io.lampblack.server.group.Site;
import io.lampblack.server.group.SiteStore;
import io.lampblack.server.group.ThrottleRule;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link SiteStore} over JDBC: sites, their throttle rules, and the groups' data-sharing settings. */
public final class JdbcSiteStore implements SiteStore {

    private static final String THROTTLE =
            "select id, site_id, day_of_week, from_time, to_time, bytes_per_second from throttle_rule";
    private static final String SHARING = "select id, group_id, who, what from group_datasharing";

    private final Jdbc jdbc;
    private final javax.sql.DataSource dataSource;

    public JdbcSiteStore(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
        this.dataSource = db.dataSource();
    }

    @Override
    public List<Site> sites() {
        return jdbc.query("select id, name, other_fields from site order by id", JdbcSiteStore::site);
    }

    @Override
    public Optional<Site> site(int id) {
        return jdbc.one("select id, name, other_fields from site where id = ?", JdbcSiteStore::site, id);
    }

    /** Site ids are not an identity column (schema V1): the next of the counter, never one used before ({@link NextIds}). */
    @Override
    public Site createSite(Site s) {
        NextIds.insert(dataSource, "site", (c, id) -> {
            try (java.sql.PreparedStatement ps =
                    c.prepareStatement("insert into site (id, name, other_fields) values (?, ?, ?)")) {
                ps.setInt(1, id);
                ps.setString(2, s.name());
                ps.setString(3, s.otherFieldsJson());
                return ps.executeUpdate();
            }
        });
        return jdbc.one("select id, name, other_fields from site where name = ?", JdbcSiteStore::site, s.name())
                .orElseThrow();
    }

    @Override
    public boolean updateSite(Site s) {
        return jdbc.update(
                        "update site set name = ?, other_fields = ? where id = ?",
                        s.name(),
                        s.otherFieldsJson(),
                        s.id())
                == 1;
    }

    /** One statement: a group added to the site meanwhile keeps it alive; its throttle rules go with it (cascade). */
    @Override
    public Deleted deleteSite(int id) {
        int n = jdbc.update(
                "delete from site where id = ? and not exists (select 1 from sensor_group where site_id = ?)", id, id);
        if (n == 1) return Deleted.DELETED;
        return site(id).isPresent() ? Deleted.HAS_GROUPS : Deleted.NOT_FOUND;
    }

    @Override
    public List<ThrottleRule> throttles() {
        return jdbc.query(THROTTLE + " order by id", JdbcSiteStore::throttle);
    }

    @Override
    public Optional<ThrottleRule> throttle(int id) {
        return jdbc.one(THROTTLE + " where id = ?", JdbcSiteStore::throttle, id);
    }

    @Override
    public ThrottleRule createThrottle(ThrottleRule r) {
        long id = jdbc.insert(
                "insert into throttle_rule (site_id, day_of_week, from_time, to_time, bytes_per_second) "
                        + "values (?, ?, ?, ?, ?)",
                "id",
                r.siteId(),
                r.dayOfWeek(),
                r.from(),
                r.to(),
                r.bytesPerSecond());
        return r.withId((int) id);
    }

    @Override
    public boolean updateThrottle(ThrottleRule r) {
        return jdbc.update(
                        "update throttle_rule set site_id = ?, day_of_week = ?, from_time = ?, to_time = ?, "
                                + "bytes_per_second = ? where id = ?",
                        r.siteId(),
                        r.dayOfWeek(),
                        r.from(),
                        r.to(),
                        r.bytesPerSecond(),
                        r.id())
                == 1;
    }

    @Override
    public boolean deleteThrottle(int id) {
        return jdbc.update("delete from throttle_rule where id = ?", id) == 1;
    }

    @Override
    public List<DataSharing> sharing(int groupId) {
        return jdbc.query(SHARING + " where group_id = ? order by id", JdbcSiteStore::sharing, groupId);
    }

    @Override
    public DataSharing createSharing(DataSharing c) {
        long id = jdbc.insert(
                "insert into group_datasharing (group_id, who, what) values (?, ?, ?)",
                "id",
                c.groupId(),
                c.who(),
                c.what());
        return new DataSharing((int) id, c.groupId(), c.who(), c.what());
    }

    @Override
    public int deleteSharing(int groupId, Optional<Integer> id) {
        return id.isPresent()
                ? jdbc.update("delete from group_datasharing where group_id = ? and id = ?", groupId, id.get())
                : jdbc.update("delete from group_datasharing where group_id = ?", groupId);
    }

    private static Site site(ResultSet rs) throws SQLException {
        return new Site(rs.getInt(1), rs.getString(2), rs.getString(3));
    }

    private static ThrottleRule throttle(ResultSet rs) throws SQLException {
        return new ThrottleRule(
                rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6));
    }

    private static DataSharing sharing(ResultSet rs) throws SQLException {
        return new DataSharing(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4));
    }
}
