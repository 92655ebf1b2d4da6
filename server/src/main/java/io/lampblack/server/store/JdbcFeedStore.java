package io.lampblack.server.store;

import io.lampblack.server.intel.Feed;
import io.lampblack.server.intel.FeedInfo;
import io.lampblack.server.intel.FeedStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** {@link FeedStore} in the metadata database (table {@code feed}); H2 and PostgreSQL alike. */
public final class JdbcFeedStore implements FeedStore {

    private static final String COLUMNS = "name, display_name, feed_url, enabled, use_proxy, validate_server_cert,"
            + " username, password, ssl_client_crt, ssl_client_key, provider_url, summary, tech_data, category, icon,"
            + " icon_small, provider_rating, local_rating, order_num, manually_added, created_at, last_sync,"
            + " last_sync_error, report_count, ioc_count";

    private final Jdbc jdbc;

    public JdbcFeedStore(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
    }

    @Override
    public Feed create(Feed feed) throws DuplicateFeedException {
        if (named(feed.info().name(), -1))
            throw new DuplicateFeedException(feed.info().name());
        try {
            long id = jdbc.insert(
                    "insert into feed (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                            + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    "id",
                    values(feed));
            return feed.withId(id);
        } catch (Jdbc.StoreException e) {
            // A concurrent create of the same name loses on the unique constraint.
            if (named(feed.info().name(), -1))
                throw new DuplicateFeedException(feed.info().name());
            throw e;
        }
    }

    @Override
    public Optional<Feed> find(long id) {
        return jdbc.one("select id, " + COLUMNS + " from feed where id = ?", JdbcFeedStore::feed, id);
    }

    @Override
    public List<Feed> all() {
        return jdbc.query("select id, " + COLUMNS + " from feed order by order_num, id", JdbcFeedStore::feed);
    }

    @Override
    public boolean update(Feed feed) throws DuplicateFeedException {
        if (named(feed.info().name(), feed.id()))
            throw new DuplicateFeedException(feed.info().name());
        String set = String.join(" = ?, ", COLUMNS.split(",\\s*")) + " = ?";
        Object[] values = values(feed);
        Object[] args = java.util.Arrays.copyOf(values, values.length + 1);
        args[values.length] = feed.id();
        return jdbc.update("update feed set " + set + " where id = ?", args) > 0;
    }

    @Override
    public boolean delete(long id) {
        jdbc.update("delete from feed_report_state where feed_id = ?", id);
        return jdbc.update("delete from feed where id = ?", id) > 0;
    }

    @Override
    public java.util.Set<String> ignoredReports() {
        return java.util.Set.copyOf(jdbc.query(
                "select feed_id, report_id from feed_report_state where is_ignored",
                rs -> FeedStore.reportKey(rs.getLong(1), rs.getString(2))));
    }

    @Override
    public void setIgnored(long feedId, String reportId, boolean ignored) {
        if (jdbc.update(
                        "update feed_report_state set is_ignored = ? where feed_id = ? and report_id = ?",
                        ignored,
                        feedId,
                        reportId)
                == 0) {
            jdbc.update(
                    "insert into feed_report_state (feed_id, report_id, is_ignored) values (?, ?, ?)",
                    feedId,
                    reportId,
                    ignored);
        }
    }

    private boolean named(String name, long exceptId) {
        return jdbc.one("select id from feed where name = ? and id <> ?", rs -> rs.getLong(1), name, exceptId)
                .isPresent();
    }

    private static Object[] values(Feed f) {
        FeedInfo i = f.info();
        return new Object[] {
            i.name(),
            i.displayName(),
            f.feedUrl(),
            f.enabled(),
            f.useProxy(),
            f.validateServerCert(),
            f.username(),
            f.password(),
            f.sslClientCrt(),
            f.sslClientKey(),
            i.providerUrl(),
            i.summary(),
            i.techData(),
            i.category(),
            i.icon(),
            i.iconSmall(),
            i.providerRating(),
            f.localRating(),
            f.order(),
            f.manuallyAdded(),
            f.createdAt(),
            f.lastSync(),
            f.lastSyncError(),
            f.reportCount(),
            f.iocCount()
        };
    }

    private static Feed feed(ResultSet rs) throws SQLException {
        FeedInfo info = new FeedInfo(
                rs.getString("name"),
                rs.getString("display_name"),
                rs.getString("provider_url"),
                rs.getString("summary"),
                rs.getString("tech_data"),
                rs.getString("category"),
                rs.getString("icon"),
                rs.getString("icon_small"),
                optionalDouble(rs, "provider_rating"),
                "");
        return new Feed(
                rs.getLong("id"),
                info,
                rs.getString("feed_url"),
                rs.getBoolean("enabled"),
                rs.getBoolean("use_proxy"),
                rs.getBoolean("validate_server_cert"),
                rs.getString("username"),
                rs.getString("password"),
                rs.getString("ssl_client_crt"),
                rs.getString("ssl_client_key"),
                optionalDouble(rs, "local_rating"),
                rs.getInt("order_num"),
                rs.getBoolean("manually_added"),
                rs.getTimestamp("created_at").toInstant(),
                Jdbc.instant(rs, "last_sync"),
                rs.getString("last_sync_error"),
                rs.getLong("report_count"),
                rs.getLong("ioc_count"));
    }

    private static OptionalDouble optionalDouble(ResultSet rs, String col) throws SQLException {
        double d = rs.getDouble(col);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(d);
    }
}
