package io.lampblack.server.auth;

import io.lampblack.server.sensor.SensorRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * API-token authentication (`X-Auth-Token`, 40 hex characters as in Carbon Black). Tokens are looked up by their
 * SHA-256 digest; results are cached because every REST call authenticates, and the cache is dropped at once when a
 * user, a token or a team changes ({@link #invalidateAll}). Each token is also kept sealed in the {@link TokenVault}
 * so it can be shown to its owner.
 */
public final class ApiTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserStore users;
    private final TokenVault vault;
    private final Clock clock;
    private final Generations<String, User> cache = new Generations<>(100_000);

    public ApiTokens(UserStore users, TokenVault vault, Clock clock) {
        this.users = users;
        this.vault = vault;
        this.clock = clock;
    }

    public Optional<User> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 256) return Optional.empty();
        return cache.get(SensorRegistry.sha256(token.trim()), users::findByTokenDigest);
    }

    /**
     * Creates the first global administrator when there is no user at all (the first start), with the password whose
     * hash is given (the console's first login); returns its token. Once
     * any user exists nothing is created, so an administrator who deleted or renamed away the bootstrap user does not
     * see it come back on the next start.
     */
    public Optional<String> bootstrapAdmin(String username, Supplier<String> passwordHash) {
        if (users.anyUser()) return Optional.empty();
        Issued t = issue(username);
        users.create(
                new UserChange(new User(username, "", "", "", true), List.of(), Optional.of(passwordHash.get())),
                t.digest(),
                t.sealed(),
                clock.instant());
        return Optional.of(t.token());
    }

    /** A new token for the user, replacing the old one at once; empty when the user does not exist. */
    public Optional<String> rotate(String username) {
        String token = newToken();
        boolean done = users.setToken(username, SensorRegistry.sha256(token), vault.seal(username, token));
        invalidateAll();
        return done ? Optional.of(token) : Optional.empty();
    }

    /**
     * Leaves the user without a token; false when the user does not exist.
     *
     * @throws AccessProblem 409 for the last global administrator who could still sign in ({@link UserStore#revokeToken})
     */
    public boolean revoke(String username) {
        boolean done = users.revokeToken(username);
        invalidateAll();
        return done;
    }

    /** The user's current token, when they have one kept sealed (tokens from before version 7 are not). */
    public Optional<String> current(String username) {
        return users.sealedToken(username).flatMap(s -> vault.open(username, s));
    }

    /** The user's current token, or a new one when they have none that can be shown (a login hands one out). */
    public String currentOrNew(String username) {
        return current(username).orElseGet(() -> rotate(username).orElseThrow());
    }

    /** A token of a user being created: the raw token, its digest and its sealed form. */
    public record Issued(String token, String digest, String sealed) {}

    public Issued issue(String username) {
        String token = newToken();
        return new Issued(token, SensorRegistry.sha256(token), vault.seal(username, token));
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }

    public static String newToken() {
        byte[] raw = new byte[20];
        RANDOM.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }
}
