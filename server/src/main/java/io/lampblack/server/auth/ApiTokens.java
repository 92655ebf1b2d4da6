package io.lampblack.server.auth;

import io.lampblack.server.sensor.SensorRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API-token authentication (`X-Auth-Token`, 40 hex characters as in Carbon Black). Tokens are looked up by their
 * SHA-256 digest; results are cached because every REST call authenticates.
 */
public final class ApiTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserStore users;
    private final Clock clock;
    private final Map<String, User> cache = new ConcurrentHashMap<>();

    public ApiTokens(UserStore users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    public Optional<User> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 256) return Optional.empty();
        String digest = SensorRegistry.sha256(token.trim());
        User cached = cache.get(digest);
        if (cached != null) return Optional.of(cached);
        Optional<User> u = users.findByTokenDigest(digest);
        u.ifPresent(x -> cache.put(digest, x));
        return u;
    }

    /** Creates the first global administrator if no user named {@code username} exists; returns its token. */
    public Optional<String> bootstrapAdmin(String username) {
        if (users.exists(username)) return Optional.empty();
        String token = newToken();
        users.create(new User(username, "", "", "", true), SensorRegistry.sha256(token), clock.instant());
        return Optional.of(token);
    }

    public static String newToken() {
        byte[] raw = new byte[20];
        RANDOM.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }
}
