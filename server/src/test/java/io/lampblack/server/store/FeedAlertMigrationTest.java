package io.lampblack.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lampblack.server.intel.IntelAction;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading a metadata database of the stop before feed alerts followed the alert action: every existing feed gets
 * the "create alert" action (it alerted on every hit before), once, and keeps it.
 */
class FeedAlertMigrationTest {

    @TempDir
    Path dir;

    @Test
    void feedsOfAnOlderDatabaseKeepAlerting() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("meta") + ";WRITE_DELAY=0";
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration")
                .target("5")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("insert into feed (name, display_name, feed_url, enabled, created_at)"
                    + " values ('old', 'Old', 'file:///f.json', true, current_timestamp)");
            s.execute("insert into feed (name, display_name, feed_url, enabled, created_at)"
                    + " values ('alerting', 'Alerting', 'file:///g.json', true, current_timestamp)");
            s.execute("insert into intel_action (owner_kind, owner_id, action_type, action_data)"
                    + " select 'feed', id, 3, '' from feed where name = 'alerting'");
        }
        Database db = Database.open(url, "", "sa", "", dir);
        try {
            JdbcWatchlistStore store = new JdbcWatchlistStore(db);
            for (long feed : List.of(1L, 2L)) {
                List<IntelAction> actions = store.actions(IntelAction.Owner.FEED, feed);
                assertEquals(1, actions.size(), "feed " + feed + ": one alert action, not two");
                assertEquals(IntelAction.ALERT, actions.getFirst().actionType());
            }
        } finally {
            db.close();
        }
    }
}
