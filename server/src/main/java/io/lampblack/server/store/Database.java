package io.lampblack.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The metadata database: embedded H2 in the data directory by default, PostgreSQL when a JDBC URL is given.
 * Flyway migrations in {@code db/migration} serve both.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final boolean postgres;
    private final boolean embedded;

    private Database(HikariDataSource dataSource, boolean postgres, boolean embedded) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.embedded = embedded;
    }

    /**
     * @param jdbcUrl empty for embedded H2 under {@code dataDir/db}
     * @param schema  schema to create/use (PostgreSQL); empty for the default
     */
    public static Database open(String jdbcUrl, String schema, String user, String password, Path dataDir) {
        HikariConfig cfg = new HikariConfig();
        boolean pg;
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            // AUTO_SERVER off: one server owns its data directory. The file lock makes a second server fail fast.
            // WRITE_DELAY=0: a committed row (a sensor registration, a tag, an audit entry) reaches the file before the
            // call returns, so a kill -9 right after cannot lose it (H2 otherwise writes up to 500 ms later).
            cfg.setJdbcUrl(
                    "jdbc:h2:file:" + dataDir.resolve("db").resolve("lampblack").toAbsolutePath()
                            + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
            cfg.setUsername("sa");
            cfg.setPassword("");
            pg = false;
        } else {
            cfg.setJdbcUrl(jdbcUrl);
            if (!user.isBlank()) cfg.setUsername(user);
            if (!password.isBlank()) cfg.setPassword(password);
            pg = jdbcUrl.startsWith("jdbc:postgresql:");
        }
        if (schema != null && !schema.isBlank()) {
            if (!schema.matches("[A-Za-z_][A-Za-z0-9_]*"))
                throw new IllegalArgumentException("setting 'db-schema': not a plain identifier");
            cfg.setConnectionInitSql(
                    pg
                            ? "create schema if not exists " + schema + "; set search_path to " + schema
                            : "create schema if not exists " + schema + "; set schema " + schema);
        }
        cfg.setMaximumPoolSize(8);
        cfg.setPoolName("lampblack-db");
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            var fw = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
            if (schema != null && !schema.isBlank()) fw = fw.schemas(schema).defaultSchema(schema);
            fw.load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, pg, jdbcUrl == null || jdbcUrl.isBlank());
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Whether the database answers within {@code seconds}: a connection from the pool that the driver finds valid. A
     * pool with no free connection waits for one, so the caller bounds how long it waits for this answer.
     */
    public boolean healthy(int seconds) {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(seconds);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * An online backup of the embedded H2 database into {@code zip} (a consistent copy, taken while the server runs);
     * false, and nothing written, when the database is external ({@code --db}): that one is its operator's to back up.
     */
    public boolean backupTo(Path zip) {
        if (!embedded) return false;
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("BACKUP TO '" + zip.toAbsolutePath().toString().replace("'", "''") + "'");
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("database backup failed: " + e.getMessage(), e);
        }
    }

    public boolean isPostgres() {
        return postgres;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
