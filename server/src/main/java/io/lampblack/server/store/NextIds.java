package io.lampblack.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Ids the server chooses (groups, sites; table {@code next_id}, schema V13): one above the highest ever handed out or
 * present, never one that was used before, also after the row holding it was deleted.
 */
final class NextIds {

    /** The tables whose ids are counted here, by the name of their counter. */
    private static final Map<String, String> TABLES = Map.of("sensor_group", "sensor_group", "site", "site");

    @FunctionalInterface
    interface Insert<T> {
        T run(Connection c, int id) throws SQLException;
    }

    private NextIds() {}

    /**
     * Takes the next id of {@code table} and runs {@code insert} with it, in one transaction (the counter's row lock
     * keeps concurrent creators apart, across servers too).
     */
    static <T> T insert(DataSource ds, String table, Insert<T> insert) {
        String t = TABLES.get(table);
        if (t == null) throw new IllegalArgumentException("no id counter for " + table);
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("update next_id set last_used = greatest(last_used,"
                        + " (select coalesce(max(id), 0) from " + t + ")) + 1 where name = ?")) {
                    ps.setString(1, t);
                    if (ps.executeUpdate() != 1) throw new SQLException("next_id has no row " + t);
                }
                int id;
                try (PreparedStatement ps = c.prepareStatement("select last_used from next_id where name = ?")) {
                    ps.setString(1, t);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        id = rs.getInt(1);
                    }
                }
                T result = insert.run(c, id);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new Jdbc.StoreException("next id of " + table, e);
        }
    }
}
