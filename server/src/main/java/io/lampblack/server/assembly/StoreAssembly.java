package io.lampblack.server.assembly;

import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.store.Database;
import io.lampblack.server.store.JdbcTagStore;
import io.lampblack.server.tag.TagStore;

/**
 * The metadata database (embedded H2, or PostgreSQL with {@code --db}), migrated on open, and the tag store every
 * index consults. Each feature creates its own JDBC store on the database.
 */
public final class StoreAssembly {

    /** {@code --db}, {@code --db-schema}, {@code --db-user}, {@code --db-password}; an empty URL means H2 in DATA/db. */
    public record Settings(String jdbcUrl, String schema, String user, String password) {
        public static Settings from(ServerSettings s) {
            return new Settings(
                    s.get(ServerSettings.DB),
                    s.get(ServerSettings.DB_SCHEMA),
                    s.get(ServerSettings.DB_USER),
                    s.get(ServerSettings.DB_PASSWORD));
        }
    }

    private final Database database;
    private final TagStore tags;

    public StoreAssembly(ServerContext ctx, Settings settings) {
        database = ctx.own(Database.open(
                settings.jdbcUrl(), settings.schema(), settings.user(), settings.password(), ctx.dataDir()));
        tags = new JdbcTagStore(database, ctx.clock());
    }

    public Database database() {
        return database;
    }

    /** Watchlist hits and feed scores kept beside the indexed documents. */
    public TagStore tags() {
        return tags;
    }
}
