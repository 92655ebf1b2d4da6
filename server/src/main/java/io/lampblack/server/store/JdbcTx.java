package io.lampblack.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Statements on one connection in one transaction: committed when the work returns, rolled back when it throws. */
final class JdbcTx {

    @FunctionalInterface
    interface Work<T> {
        T run(JdbcTx tx) throws SQLException;
    }

    private final Connection c;

    private JdbcTx(Connection c) {
        this.c = c;
    }

    static <T> T run(DataSource ds, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(new JdbcTx(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new Jdbc.StoreException("transaction", e);
        }
    }

    <T> List<T> query(String sql, Jdbc.RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(mapper.map(rs));
                return out;
            }
        }
    }

    <T> Optional<T> one(String sql, Jdbc.RowMapper<T> mapper, Object... args) throws SQLException {
        List<T> l = query(sql, mapper, args);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, args);
            return ps.executeUpdate();
        }
    }

    long insert(String sql, String keyColumn, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {keyColumn})) {
            Jdbc.bind(ps, args);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                if (!rs.next()) throw new SQLException("no generated key");
                return rs.getLong(1);
            }
        }
    }

    /** Whether a failure is a unique-key violation (SQLSTATE 23505 in H2 and PostgreSQL alike). */
    static boolean duplicateKey(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && "23505".equals(s.getSQLState())) return true;
        }
        return false;
    }
}
