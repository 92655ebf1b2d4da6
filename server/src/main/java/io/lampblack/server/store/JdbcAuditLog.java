package io.lampblack.server.store;

import io.lampblack.server.auth.AuditLog;
import java.util.List;

/** {@link AuditLog} in the metadata database. Written synchronously: an audited call is not answered before it is recorded. */
public final class JdbcAuditLog implements AuditLog {

    private final Jdbc jdbc;

    public JdbcAuditLog(Database db) {
        this.jdbc = new Jdbc(db.dataSource());
    }

    @Override
    public void record(Entry e) {
        jdbc.update(
                "insert into audit_log (at_time, username, method, path, status, remote_address) values (?, ?, ?, ?, ?, ?)",
                e.at(),
                e.username(),
                e.method(),
                truncate(e.path(), 2048),
                e.status(),
                truncate(e.remoteAddress(), 64));
    }

    public List<Entry> recent(int limit) {
        return jdbc.query(
                "select at_time, username, method, path, status, remote_address from audit_log order by id desc limit "
                        + Math.max(1, limit),
                rs -> new Entry(
                        rs.getTimestamp(1).toInstant(),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getString(6)));
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }
}
