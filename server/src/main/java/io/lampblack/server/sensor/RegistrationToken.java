package io.lampblack.server.sensor;

import io.lampblack.server.problem.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The shared token a sensor presents to register ({@code X-Registration-Token}). Without it anyone who reaches the
 * port could obtain sensor credentials, upload forged events under a real host's name and read the ban list, so a
 * server requires one unless it was started with open registration. A token the server generated is kept in its
 * data directory and can be replaced ({@link #rotate()}): the old one stops working at once, while sensors already
 * registered keep their own credentials. A token the operator configured is theirs to change, not the API's.
 */
public final class RegistrationToken {

    /** Where the server keeps a token it generated, so that the next start requires the same one. */
    @FunctionalInterface
    public interface Keeper {
        void keep(String token) throws IOException;
    }

    /** Rotation asked of a server whose token the API does not own (open registration, or a configured token). */
    public static final class NotRotatable extends RuntimeException implements Problem {
        NotRotatable(String message) {
            super(message);
        }

        @Override
        public Kind kind() {
            return Kind.CONFLICT;
        }

        @Override
        public String reason() {
            return "registration_token_not_rotatable";
        }
    }

    private enum Source {
        OPEN,
        CONFIGURED,
        KEPT
    }

    private final Source source;
    private final Keeper keeper;
    private final Supplier<String> generator;
    private volatile String current;

    private RegistrationToken(Source source, String current, Keeper keeper, Supplier<String> generator) {
        this.source = source;
        this.current = current;
        this.keeper = keeper;
        this.generator = generator;
    }

    /** Anyone may register (a lab). */
    public static RegistrationToken open() {
        return new RegistrationToken(Source.OPEN, "", t -> {}, () -> "");
    }

    /** The operator's token ({@code --registration-token}); not rotatable through the API. */
    public static RegistrationToken configured(String token) {
        if (token.isEmpty()) throw new IllegalArgumentException("empty registration token");
        return new RegistrationToken(Source.CONFIGURED, token, t -> {}, () -> token);
    }

    /**
     * A token the server generated and keeps.
     *
     * @param generator makes the next token on {@link #rotate()}
     */
    public static RegistrationToken kept(String token, Keeper keeper, Supplier<String> generator) {
        if (token.isEmpty()) throw new IllegalArgumentException("empty registration token");
        return new RegistrationToken(Source.KEPT, token, keeper, generator);
    }

    public boolean isOpen() {
        return source == Source.OPEN;
    }

    /** The token registration requires now; empty when registration is open. */
    public Optional<String> current() {
        return source == Source.OPEN ? Optional.empty() : Optional.of(current);
    }

    /** Whether a sensor presenting {@code given} (null when it presented none) may register; in constant time. */
    public boolean admits(String given) {
        if (source == Source.OPEN) return true;
        byte[] g = (given == null ? "" : given).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(g, current.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces the token with a new one, kept before it takes effect (a restart never brings the old one back).
     *
     * @return the new token
     * @throws NotRotatable when registration is open or the token is configured
     */
    public synchronized String rotate() throws IOException {
        switch (source) {
            case OPEN ->
                throw new NotRotatable("registration is open (--open-registration): there is no token to rotate");
            case CONFIGURED ->
                throw new NotRotatable(
                        "the registration token is configured (--registration-token); change it there and restart");
            case KEPT -> {}
        }
        String next = generator.get();
        keeper.keep(next);
        current = next;
        return next;
    }
}
