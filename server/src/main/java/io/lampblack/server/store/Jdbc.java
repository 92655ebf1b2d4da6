package io.lampblack.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

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
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
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
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    /** Runs an insert and returns the generated key in column {@code keyColumn}. */
    public long insert(String sql, String keyColumn, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql, new String[] {keyColumn})) {
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

    static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) bind(ps, i + 1, args[i]);
    }

    /**
     * Binds one parameter. Optional values bind as typed nulls when empty, because PostgreSQL cannot infer the type
     * of a bare null: an empty {@link java.util.OptionalDouble} is a null double, an empty {@link Optional} a null
     * timestamp (optional instants are the only {@code Optional} columns).
     */
    private static void bind(PreparedStatement ps, int index, Object a) throws SQLException {
        if (a instanceof Instant t) {
            ps.setTimestamp(index, Timestamp.from(t));
        } else if (a instanceof java.util.OptionalDouble d) {
            if (d.isPresent()) ps.setDouble(index, d.getAsDouble());
            else ps.setNull(index, java.sql.Types.DOUBLE);
        } else if (a instanceof Optional<?> o) {
            if (o.isPresent()) bind(ps, index, o.get());
            else ps.setNull(index, java.sql.Types.TIMESTAMP);
        } else {
            ps.setObject(index, a);
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
