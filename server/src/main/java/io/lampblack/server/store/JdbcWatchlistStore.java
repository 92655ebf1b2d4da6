package io.lampblack.server.store;

import io.lampblack.server.intel.IntelAction;
import io.lampblack.server.intel.QueryIoc;
import io.lampblack.server.intel.Watchlist;
import io.lampblack.server.intel.WatchlistStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watchlists and intel actions in the metadata database (tables {@code watchlist}, {@code intel_action}). Actions are
 * read on every hit (is there an alert action?), so they are remembered until this store changes them: one server
 * owns its metadata database.
 */
public final class JdbcWatchlistStore implements WatchlistStore {

    private static final String COLUMNS = "name, search_query, index_type, enabled, description, readonly, date_added,"
            + " last_hit, last_hit_count, total_hits, search_timestamp";

    private final Jdbc jdbc;
    private final ConcurrentHashMap<String, List<IntelAction>> actionCache = new ConcurrentHashMap<>();
    /** Counts action writes, so that a read racing a write never leaves the older list remembered. */
    private final AtomicLong actionWrites = new AtomicLong();

    public JdbcWatchlistStore(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
    }

    @Override
    public Watchlist create(Watchlist w) {
        return w.withId(jdbc.insert(
                "insert into watchlist (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "id", values(w)));
    }

    @Override
    public Optional<Watchlist> find(long id) {
        return jdbc.one("select id, " + COLUMNS + " from watchlist where id = ?", JdbcWatchlistStore::watchlist, id);
    }

    @Override
    public List<Watchlist> all() {
        return jdbc.query("select id, " + COLUMNS + " from watchlist order by id", JdbcWatchlistStore::watchlist);
    }

    @Override
    public boolean update(Watchlist w) {
        String set = String.join(" = ?, ", COLUMNS.split(",\\s*")) + " = ?";
        Object[] values = values(w);
        Object[] args = java.util.Arrays.copyOf(values, values.length + 1);
        args[values.length] = w.id();
        return jdbc.update("update watchlist set " + set + " where id = ?", args) > 0;
    }

    @Override
    public boolean delete(long id) {
        jdbc.update(
                "delete from intel_action where owner_kind = ? and owner_id = ?",
                IntelAction.Owner.WATCHLIST.dbName(),
                id);
        actionsChanged();
        return jdbc.update("delete from watchlist where id = ?", id) > 0;
    }

    @Override
    public IntelAction addAction(IntelAction a) {
        long id = jdbc.insert(
                "insert into intel_action (owner_kind, owner_id, action_type, action_data, created_by)"
                        + " values (?, ?, ?, ?, ?)",
                "id",
                a.owner().dbName(),
                a.ownerId(),
                a.actionType(),
                a.actionData(),
                a.createdBy());
        actionsChanged();
        return new IntelAction(id, a.owner(), a.ownerId(), a.actionType(), a.actionData(), a.createdBy());
    }

    @Override
    public List<IntelAction> actions(IntelAction.Owner owner, long ownerId) {
        String key = owner.dbName() + ":" + ownerId;
        List<IntelAction> cached = actionCache.get(key);
        if (cached != null) return cached;
        long writes = actionWrites.get();
        List<IntelAction> read = List.copyOf(jdbc.query(
                "select id, action_type, action_data, created_by from intel_action"
                        + " where owner_kind = ? and owner_id = ? order by id",
                rs -> new IntelAction(rs.getLong(1), owner, ownerId, rs.getInt(2), rs.getString(3), rs.getString(4)),
                owner.dbName(),
                ownerId));
        actionCache.put(key, read);
        if (actionWrites.get() != writes) actionCache.remove(key);
        return read;
    }

    @Override
    public boolean updateAction(IntelAction a) {
        boolean updated = jdbc.update(
                        "update intel_action set action_type = ?, action_data = ? where id = ? and"
                                + " owner_kind = ? and owner_id = ?",
                        a.actionType(),
                        a.actionData(),
                        a.id(),
                        a.owner().dbName(),
                        a.ownerId())
                > 0;
        actionsChanged();
        return updated;
    }

    @Override
    public boolean deleteAction(IntelAction.Owner owner, long ownerId, long actionId) {
        boolean deleted = jdbc.update(
                        "delete from intel_action where id = ? and owner_kind = ? and owner_id = ?",
                        actionId,
                        owner.dbName(),
                        ownerId)
                > 0;
        actionsChanged();
        return deleted;
    }

    private void actionsChanged() {
        actionWrites.incrementAndGet();
        actionCache.clear();
    }

    private static Object[] values(Watchlist w) {
        return new Object[] {
            w.name(),
            w.searchQuery(),
            w.indexType().wire(),
            w.enabled(),
            w.description(),
            w.readonly(),
            w.dateAdded(),
            w.lastHit(),
            w.lastHitCount(),
            w.totalHits(),
            w.searchTimestamp()
        };
    }

    private static Watchlist watchlist(ResultSet rs) throws SQLException {
        return new Watchlist(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("search_query"),
                QueryIoc.IndexType.parse(rs.getString("index_type")),
                rs.getBoolean("enabled"),
                rs.getString("description"),
                rs.getBoolean("readonly"),
                rs.getTimestamp("date_added").toInstant(),
                Jdbc.instant(rs, "last_hit"),
                rs.getInt("last_hit_count"),
                rs.getLong("total_hits"),
                Jdbc.instant(rs, "search_timestamp"));
    }
}
