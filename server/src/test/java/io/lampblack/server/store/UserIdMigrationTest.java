package io.lampblack.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lampblack.server.auth.Account;
import io.lampblack.server.auth.User;
import io.lampblack.server.auth.UserChange;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * user_id is unique (V12): repeats left by concurrent creations before it are renumbered, and users created at once
 * each get their own number.
 */
class UserIdMigrationTest {

    @TempDir
    Path dir;

    @Test
    void repeatsAreRenumberedAndNumbersStayUnique() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("meta") + ";WRITE_DELAY=0";
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration")
                .target("11")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            for (String u : List.of("admin", "bob", "carol", "dave")) {
                s.execute("insert into app_user (username, token_sha256, created_time, user_id) values ('" + u
                        + "', '" + u + "', current_timestamp, " + (u.equals("dave") ? 3 : u.equals("admin") ? 1 : 2)
                        + ")");
            }
        }
        Database db = Database.open(url, "", "sa", "", dir);
        try {
            JdbcUserStore store = new JdbcUserStore(db);
            List<Integer> ids = store.accounts().stream().map(Account::userId).toList();
            assertEquals(4, new HashSet<>(ids).size(), ids.toString());
            assertEquals(1, store.account("admin").orElseThrow().userId());
            assertEquals(2, store.account("bob").orElseThrow().userId(), "the first holder keeps its number");
            assertEquals(3, store.account("dave").orElseThrow().userId());
            try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                assertThrows(
                        SQLException.class,
                        () -> s.execute("insert into app_user (username, token_sha256, created_time, user_id)"
                                + " values ('eve', 'eve', current_timestamp, 1)"));
            }

            int n = 8;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "user" + i;
                done.add(pool.submit(() -> {
                    go.await();
                    store.create(
                            new UserChange(new User(name, "", "", "", false), List.of(), Optional.empty()),
                            "t" + name,
                            null,
                            Instant.now());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get();
            pool.shutdown();
            List<Integer> all = store.accounts().stream().map(Account::userId).toList();
            assertEquals(4 + n, all.size());
            assertEquals(all.size(), new HashSet<>(all).size(), all.toString());
        } finally {
            db.close();
        }
    }
}
