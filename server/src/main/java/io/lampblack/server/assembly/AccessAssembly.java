package io.lampblack.server.assembly;

import io.lampblack.server.api.Router;
import io.lampblack.server.auth.ApiTokens;
import io.lampblack.server.auth.Authorizer;
import io.lampblack.server.store.JdbcAuditLog;
import io.lampblack.server.store.JdbcUserStore;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who may use the API: users and their API tokens (the {@code admin} user is created on first start), the one
 * authorization rule, and the audit log of mutating calls. It makes the router every feature adds its routes to.
 */
public final class AccessAssembly {

    public static final String ADMIN_USER = "admin";

    private final JdbcUserStore users;
    private final ApiTokens tokens;
    private final JdbcAuditLog audit;
    private final Optional<String> createdAdminToken;
    private final Clock clock;
    private final Authorizer authorizer;

    /** @param authorizer tests' roles for callers; empty: every user is a global administrator (no teams yet) */
    public AccessAssembly(ServerContext ctx, StoreAssembly store, Optional<Authorizer> authorizer) {
        clock = ctx.clock();
        this.authorizer = authorizer.orElse(Authorizer.globalAdminsOnly());
        users = new JdbcUserStore(store.database());
        tokens = new ApiTokens(users, clock);
        createdAdminToken = tokens.bootstrapAdmin(ADMIN_USER);
        audit = new JdbcAuditLog(store.database());
    }

    /** The admin's API token when this start created the admin user; empty on later starts (it is not kept). */
    public Optional<String> createdAdminToken() {
        return createdAdminToken;
    }

    /** A user's e-mail address by username (watchlist and feed e-mail actions). */
    public Function<String, Optional<String>> emailOfUser() {
        return users::emailOf;
    }

    public JdbcAuditLog audit() {
        return audit;
    }

    /** The HTTPS edge's router: every route authenticated, authorized and audited alike. */
    Router router() {
        return new Router(tokens, authorizer, audit, clock);
    }
}
