package io.lampblack.server.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Thin JDBC helper: parameter binding, row mapping, and SQLException turned into an unchecked StoreException. */
public final class Jdbc {

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource ds;

    public Jdbc(DataSource ds) {
        this.ds = ds;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(mapper.map(rs));
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
        List<T> l = query(sql, mapper, args);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    public int update(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    /** Runs an insert and returns the generated key in column {@code keyColumn}. */
    public long insert(String sql, String keyColumn, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql, new String[]{keyColumn})) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                if (!rs.next()) throw new SQLException("no generated key");
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant t) ps.setTimestamp(i + 1, Timestamp.from(t));
            else ps.setObject(i + 1, a);
        }
    }

    public static Optional<Instant> instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    /** A database failure, with the statement that failed. */
    public static final class StoreException extends RuntimeException {
        public StoreException(String sql, SQLException cause) {
            super("database error (" + cause.getMessage() + ") in: " + sql, cause);
        }
    }
}
