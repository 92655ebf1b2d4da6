package io.lampblack.server.store;

import io.lampblack.server.administration.SettingStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Named settings in the metadata database (table {@code server_setting}). */
public final class JdbcSettingStore implements SettingStore {

    private static final String UPDATE = "update server_setting set setting_text = ? where setting_name = ?";
    private static final String INSERT = "insert into server_setting (setting_name, setting_text) values (?, ?)";

    private final Jdbc jdbc;
    private final DataSource ds;

    public JdbcSettingStore(Database db) {
        this.ds = db.dataSource();
        this.jdbc = new Jdbc(ds);
    }

    @Override
    public Optional<String> get(String name) {
        return jdbc.one("select setting_text from server_setting where setting_name = ?", rs -> rs.getString(1), name);
    }

    @Override
    public synchronized void putAll(Map<String, String> values) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Map.Entry<String, String> e : values.entrySet()) put(c, e.getKey(), e.getValue());
                c.commit();
            } catch (SQLException | RuntimeException failure) {
                c.rollback();
                throw failure;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException failure) {
            throw new Jdbc.StoreException(UPDATE, failure);
        }
    }

    private static void put(Connection c, String name, String text) throws SQLException {
        try (PreparedStatement u = c.prepareStatement(UPDATE)) {
            u.setString(1, text);
            u.setString(2, name);
            if (u.executeUpdate() > 0) return;
        }
        try (PreparedStatement i = c.prepareStatement(INSERT)) {
            i.setString(1, name);
            i.setString(2, text);
            i.executeUpdate();
        }
    }
}
