package io.lampblack.server.store;

import io.lampblack.server.auth.AuditLog.Entry;
import io.lampblack.server.auth.AuditStore;
import io.lampblack.server.problem.TextLimits;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/** {@link AuditStore} in the metadata database: batches appended in one transaction. */
public final class JdbcAuditLog implements AuditStore {

    private final DataSource ds;
    private final Jdbc jdbc;

    public JdbcAuditLog(Database db) {
        this.ds = db.dataSource();
        this.jdbc = new Jdbc(ds);
    }

    @Override
    public void append(List<Entry> entries) {
        JdbcTx.run(ds, tx -> {
            for (Entry e : entries) {
                tx.update(
                        "insert into audit_log (at_time, username, method, path, status, remote_address, description)"
                                + " values (?, ?, ?, ?, ?, ?, ?)",
                        e.at(),
                        TextLimits.truncated(e.username(), 255),
                        TextLimits.truncated(e.method(), 16),
                        e.path(),
                        e.status(),
                        TextLimits.truncated(e.remoteAddress(), 64),
                        e.description());
            }
            return null;
        });
    }

    @Override
    public boolean unreachable(RuntimeException failure) {
        return connectionFailure(failure);
    }

    /** Whether the failure is the database being unreachable (SQLSTATE class 08, a connection exception). */
    static boolean connectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException) return true;
            if (t instanceof SQLException q
                    && q.getSQLState() != null
                    && q.getSQLState().startsWith("08")) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    @Override
    public int deleteBefore(Instant cutoff) {
        return jdbc.update("delete from audit_log where at_time < ?", cutoff);
    }

    @Override
    public List<Entry> recent(int limit) {
        return jdbc.query(
                "select at_time, username, method, path, status, remote_address, description from audit_log"
                        + " order by id desc limit " + Math.max(1, limit),
                rs -> new Entry(
                        rs.getTimestamp(1).toInstant(),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getString(6),
                        rs.getString(7)));
    }
}
