package io.lampblack.server.assembly;

import io.lampblack.server.api.ConsoleLoginApi;
import io.lampblack.server.api.LoginApi;
import io.lampblack.server.api.PasswordLogins;
import io.lampblack.server.api.Router;
import io.lampblack.server.api.TeamApi;
import io.lampblack.server.api.UserApi;
import io.lampblack.server.auth.Account;
import io.lampblack.server.auth.Accounts;
import io.lampblack.server.auth.ApiTokens;
import io.lampblack.server.auth.AuditSyslog;
import io.lampblack.server.auth.AuditTrail;
import io.lampblack.server.auth.ConsoleSessions;
import io.lampblack.server.auth.GroupNames;
import io.lampblack.server.auth.LoginThrottle;
import io.lampblack.server.auth.PasswordHasher;
import io.lampblack.server.auth.TeamAuthorizer;
import io.lampblack.server.auth.Teams;
import io.lampblack.server.auth.TokenVault;
import io.lampblack.server.auth.VerifySlots;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.group.TeamAccess;
import io.lampblack.server.store.JdbcAuditLog;
import io.lampblack.server.store.JdbcTeamStore;
import io.lampblack.server.store.JdbcUserStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who may use the API: users, teams and their API tokens (the {@code admin} user is created on first start, when there
 * is no user at all, and given a password when an earlier version left it without one), the
 * roles from teams ({@link TeamAuthorizer}), logins and the web console's sessions ({@link ConsoleSessions}), and the
 * audit log of every API call and login. It makes the
 * router every feature adds its routes to, and adds the user, team and login routes itself. Built after the sensors,
 * because team documents name sensor groups.
 */
public final class AccessAssembly implements RestRoutes {

    public static final String ADMIN_USER = "admin";

    /** The file in the data directory holding the key that seals API tokens (owner-only). */
    public static final String TOKEN_KEY_FILE = "token.key";

    /**
     * @param auditSyslog {@code udp://host:port} of the audit mirror; empty = none
     * @param auditQueue  audit entries that may wait to be written
     * @param auditRetentionDays days audit entries are kept
     * @param consoleSessions how long web console sessions last, and how many there may be
     */
    public record Settings(
            String auditSyslog, int auditQueue, int auditRetentionDays, ConsoleSessions.Limits consoleSessions) {
        public static Settings from(ServerSettings s) {
            return new Settings(
                    s.get(ServerSettings.AUDIT_SYSLOG),
                    s.get(ServerSettings.AUDIT_QUEUE),
                    s.get(ServerSettings.AUDIT_RETENTION_DAYS),
                    ConsoleSessions.Limits.of(
                            Duration.ofMinutes(s.get(ServerSettings.CONSOLE_SESSION_IDLE_MINUTES)),
                            Duration.ofHours(s.get(ServerSettings.CONSOLE_SESSION_HOURS))));
        }
    }

    private final JdbcUserStore users;
    private final ApiTokens tokens;
    private final TeamAuthorizer authorizer;
    private final Accounts accounts;
    private final Teams teams;
    private final AuditTrail audit;
    private final ConsoleSessions sessions;
    private final GroupNames groups;
    private final Optional<String> createdAdminToken;
    private final Optional<String> createdAdminPassword;
    private final Clock clock;
    private Router router;

    public AccessAssembly(ServerContext ctx, Settings settings, StoreAssembly store, GroupNames groups) {
        clock = ctx.clock();
        this.groups = groups;
        Optional<AuditSyslog> mirror = settings.auditSyslog().isBlank()
                ? Optional.empty()
                : Optional.of(ctx.own(AuditSyslog.open(settings.auditSyslog())));
        users = new JdbcUserStore(store.database());
        tokens = new ApiTokens(users, TokenVault.openOrCreate(ctx.dir(TOKEN_KEY_FILE)), clock);
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.Cost.OWASP);
        // The first start's admin also gets a password, so that the web console can be logged into at once; like the
        // token it is shown once and kept in server-info.json (owner-only).
        String initialPassword = PasswordHasher.randomPassword();
        createdAdminToken = tokens.bootstrapAdmin(ADMIN_USER, () -> hasher.hash(initialPassword));
        createdAdminPassword =
                createdAdminToken.isPresent() || passwordForAdminOfAnEarlierVersion(ctx, hasher, initialPassword)
                        ? Optional.of(initialPassword)
                        : Optional.empty();
        authorizer = new TeamAuthorizer(users);
        JdbcTeamStore teamStore = new JdbcTeamStore(store.database());
        sessions = new ConsoleSessions(users, settings.consoleSessions(), clock);
        accounts = new Accounts(
                users,
                teamStore,
                hasher,
                tokens,
                authorizer,
                new LoginThrottle(LoginThrottle.Limits.DEFAULT, clock),
                new VerifySlots(VerifySlots.defaultSlots(), Duration.ofSeconds(2)),
                sessions,
                clock);
        teams = new Teams(teamStore, groups, accounts);
        audit = ctx.own(new AuditTrail(new JdbcAuditLog(store.database()), mirror, settings.auditQueue(), clock)
                .purgeDaily(Duration.ofDays(settings.auditRetentionDays())));
    }

    /**
     * Whether the admin created by a version without the console (a global administrator without a password)
     * was given this password now, as the first start gives one: without it, nobody could log into the console of an
     * upgraded data directory, and server-info.json would point at an empty password. Not when server-info.json has a
     * password (it is the admin's, or was until an administrator changed it), nor to an admin who has one.
     */
    private boolean passwordForAdminOfAnEarlierVersion(ServerContext ctx, PasswordHasher hasher, String password) {
        if (ServerInfo.previousPassword(ctx.dataDir()).isPresent()) return false;
        Optional<Account> admin = users.account(ADMIN_USER);
        if (admin.isEmpty() || !admin.get().user().globalAdmin() || admin.get().hasPassword()) return false;
        return users.givePasswordToAdminWithout(ADMIN_USER, hasher.hash(password));
    }

    /** The admin's API token when this start created the admin user; empty on later starts (it is not kept). */
    public Optional<String> createdAdminToken() {
        return createdAdminToken;
    }

    /**
     * The admin's first password when this start created the admin user, or gave a password to the admin of an
     * earlier version that had none; empty on later starts.
     */
    public Optional<String> createdAdminPassword() {
        return createdAdminPassword;
    }

    /** A user's e-mail address by username (watchlist and feed e-mail actions). */
    public Function<String, Optional<String>> emailOfUser() {
        return users::emailOf;
    }

    public AuditTrail audit() {
        return audit;
    }

    /**
     * Which teams hold which role in a group: a group document's {@code team_access}; told when a group is deleted,
     * so that the roles cached per user and token are worked out again.
     */
    public TeamAccess teamAccess() {
        return new TeamAccess() {
            @Override
            public List<Grant> of(int groupId) {
                return teams.list().stream()
                        .flatMap(t -> t.access().stream()
                                .filter(a -> a.groupId() == groupId)
                                .map(a -> new Grant(t.id(), t.name(), a.role().category())))
                        .toList();
            }

            @Override
            public void groupDeleted(int groupId) {
                accounts.changed();
            }
        };
    }

    /** The routes registered on the HTTPS edge's router (the access matrix test checks each). */
    public List<Router.RouteInfo> registeredRoutes() {
        return router == null ? List.of() : router.routes();
    }

    @Override
    public void register(Router r) {
        new UserApi(accounts, tokens).register(r);
        new TeamApi(teams).register(r);
        PasswordLogins logins = new PasswordLogins(accounts, audit, clock);
        new LoginApi(logins, audit).register(r);
        new ConsoleLoginApi(logins, sessions, authorizer, groups).register(r);
    }

    /** The HTTPS edge's router: every route authenticated, authorized and audited alike. */
    Router router() {
        router = new Router(tokens, sessions, authorizer, audit, clock);
        return router;
    }
}
