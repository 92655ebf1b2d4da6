package io.lampblack.server.auth;

import io.lampblack.server.problem.InvalidInput;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Users as administrators manage them and as they log in: validated changes (400 naming the field), each one
 * transaction in the {@link UserStore}, followed at once by dropping every cached token and role; passwords hashed
 * with {@link PasswordHasher}; logins throttled by {@link LoginThrottle}. Deleting a user or giving them a new password
 * ends their {@link ConsoleSessions console sessions}: whoever held the old password is logged out.
 */
public final class Accounts {

    /** The shortest password accepted (NIST SP 800-63B's minimum for a memorised secret chosen by the user). */
    public static final int MIN_PASSWORD = 8;

    private static final int MAX_PASSWORD = 1024;
    private static final int MAX_FIELD = 255;

    /** A successful login: the account and its token. */
    public record Login(Account account, String token) {}

    private final UserStore users;
    private final TeamStore teams;
    private final PasswordHasher hasher;
    private final ApiTokens tokens;
    private final TeamAuthorizer authorizer;
    private final LoginThrottle throttle;
    private final VerifySlots slots;
    private final ConsoleSessions sessions;
    private final Clock clock;

    public Accounts(
            UserStore users,
            TeamStore teams,
            PasswordHasher hasher,
            ApiTokens tokens,
            TeamAuthorizer authorizer,
            LoginThrottle throttle,
            VerifySlots slots,
            ConsoleSessions sessions,
            Clock clock) {
        this.users = users;
        this.teams = teams;
        this.hasher = hasher;
        this.tokens = tokens;
        this.authorizer = authorizer;
        this.throttle = throttle;
        this.slots = slots;
        this.sessions = sessions;
        this.clock = clock;
    }

    public List<Account> list() {
        return users.accounts();
    }

    public Optional<Account> get(String username) {
        return users.account(username);
    }

    /** @throws AccessProblem 409 when the username exists */
    public void create(User user, List<Integer> teamIds, Optional<String> password) {
        validate(user, teamIds, password);
        ApiTokens.Issued t = tokens.issue(user.username());
        users.create(
                new UserChange(user, teamIds, password.map(hasher::hash)), t.digest(), t.sealed(), clock.instant());
        changed();
    }

    /** False when the user does not exist; @throws AccessProblem 409 when no global administrator would be left */
    public boolean update(User user, List<Integer> teamIds, Optional<String> password) {
        validate(user, teamIds, password);
        boolean done = users.update(new UserChange(user, teamIds, password.map(hasher::hash)));
        if (done && password.isPresent()) sessions.endAllOf(user.username());
        changed();
        return done;
    }

    /** False when the user does not exist; @throws AccessProblem 409 for the last global administrator */
    public boolean delete(String username) {
        boolean done = users.delete(username);
        if (done) sessions.endAllOf(username);
        changed();
        return done;
    }

    /**
     * The account whose username and password these are (a user without a password never matches), checked within
     * the throttle's limits and the {@link VerifySlots}. Nothing is handed out: a login route then gives the account's
     * token ({@link #tokenOf}) or a console session.
     *
     * @throws AccessProblem 429 while the username or the address has failed too often, or too many checks run
     */
    public Optional<Account> verify(String username, String password, String address) {
        Optional<Account> account = users.account(username);
        if (!passwordMatches(username, password, address, account.isPresent())) return Optional.empty();
        return account;
    }

    /** The login of an account whose password was {@linkplain #verify verified}: its current token, or a new one. */
    public Login tokenOf(Account account) {
        return new Login(account, tokens.currentOrNew(account.user().username()));
    }

    /**
     * Whether the user's password is this one, checked as a login is (throttled and counted the same way).
     *
     * @throws AccessProblem 429 as for {@link #verify}
     */
    public boolean passwordMatches(String username, String password, String address) {
        return passwordMatches(username, password, address, users.exists(username));
    }

    private boolean passwordMatches(String username, String password, String address, boolean exists) {
        // Counted before the check, so that parallel guesses cannot pass the limit.
        throttle.begin(username, address);
        boolean ok;
        try {
            ok = slots.check(() -> hasher.verify(password, exists ? users.passwordHash(username) : Optional.empty()));
        } catch (RuntimeException e) {
            throttle.abandoned(username, address);
            throw e;
        }
        if (!ok || !exists) return false;
        throttle.succeeded(username, address);
        return true;
    }

    /** Drops every cached token, role and session user: the next request sees the change. */
    public void changed() {
        tokens.invalidateAll();
        authorizer.invalidateAll();
        sessions.usersChanged();
    }

    private void validate(User u, List<Integer> teamIds, Optional<String> password) {
        String name = u.username();
        if (name == null || name.isBlank() || name.length() > MAX_FIELD || !name.equals(name.strip()))
            throw invalid("username", "must be 1 to " + MAX_FIELD + " characters without leading or trailing spaces");
        if (name.chars()
                .anyMatch(c -> c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '?' || c == '#' || c == '%'))
            throw invalid("username", "must not contain control characters or / \\ ? # %");
        text("first_name", u.firstName());
        text("last_name", u.lastName());
        text("email", u.email());
        if (!u.email().isEmpty()
                && (!u.email().contains("@") || u.email().chars().anyMatch(Character::isWhitespace)))
            throw invalid("email", "is not an e-mail address");
        if (password.isPresent()) {
            int n = password.get().length();
            if (n < MIN_PASSWORD || n > MAX_PASSWORD)
                throw invalid("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        List<Integer> known = teamIds.isEmpty() ? List.of() : teams.existing(teamIds);
        List<Integer> unknown =
                teamIds.stream().filter(id -> !known.contains(id)).toList();
        if (!unknown.isEmpty()) throw invalid("teams", "no team with id " + unknown.getFirst());
    }

    private static void text(String field, String value) {
        if (value.length() > MAX_FIELD) throw invalid(field, "is longer than " + MAX_FIELD + " characters");
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) throw invalid(field, "contains control characters");
    }

    static InvalidInput invalid(String field, String message) {
        return new InvalidInput("invalid_" + field, "'" + field + "' " + message);
    }
}
