package io.lampblack.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The web console's login sessions: a random id the browser holds in a cookie, and a CSRF token the console sends
 * back on every call that changes something. Kept in memory only (a restart logs everyone out), by the SHA-256 digest
 * of the id (neither a heap dump nor the lookup's timing gives an id away), and bounded: at most
 * {@link Limits#maxSessions} in all and {@link Limits#maxPerUser} per user, the oldest ended first, so a flood of
 * logins cannot fill the heap. A session ends after {@link Limits#idle} without a request, {@link Limits#lifetime}
 * after its login, at logout, and when its user is deleted or given a new password ({@link #endAllOf}).
 *
 * <p>A login checks the password, then opens a session; a password change stores the new hash, then ends the user's
 * sessions. A login whose check read the old hash could open its session just after that end and outlive the change:
 * so each user has a generation that {@link #endAllOf} moves on, the login reads it before the check
 * ({@link #generation}), and {@link #open} refuses when it moved meanwhile.
 *
 * <p>The user a session authenticates is read afresh (through a cache dropped on every change to users and teams,
 * {@link #usersChanged}), so a demotion applies to the very next request, as for API tokens.
 */
public final class ConsoleSessions {

    /**
     * The cookie that carries a session's id. The {@code __Host-} prefix makes browsers take it only when it is
     * Secure, has Path=/ and no Domain, so that a sibling host or a page at a narrower path cannot toss in a cookie
     * of this name (a session of its own choosing) beside or instead of ours.
     */
    public static final String COOKIE = "__Host-lampblack_session";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The random bytes of a session id and of a CSRF token (256 bits each). */
    private static final int RANDOM_BYTES = 32;

    /** Longer cookie values are not looked up (an id is 43 characters). */
    private static final int MAX_ID_LENGTH = 128;

    /**
     * @param idle        a session without a request for this long ends
     * @param lifetime    a session ends this long after its login, however busy
     * @param maxSessions sessions held in all; the oldest ends when a login would exceed it
     * @param maxPerUser  sessions one user may hold; their oldest ends when a login would exceed it
     */
    public record Limits(Duration idle, Duration lifetime, int maxSessions, int maxPerUser) {
        public static final int MAX_SESSIONS = 10_000;
        public static final int MAX_PER_USER = 16;

        public Limits {
            if (idle.isNegative() || idle.isZero() || lifetime.isNegative() || lifetime.isZero())
                throw new IllegalArgumentException("session durations must be positive");
            if (maxSessions < 1 || maxPerUser < 1) throw new IllegalArgumentException("session bounds must be >= 1");
        }

        public static Limits of(Duration idle, Duration lifetime) {
            return new Limits(idle, lifetime, MAX_SESSIONS, MAX_PER_USER);
        }
    }

    /** What a session is, without its id: whose it is, its CSRF token, and when it ends at the latest. */
    public record Session(String username, String csrfToken, Instant created, Instant expires) {

        /** Whether a request's {@code X-CSRF-Token} is this session's (compared in constant time). */
        public boolean csrfMatches(String presented) {
            if (presented == null) return false;
            return MessageDigest.isEqual(
                    csrfToken.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Session[" + username + ", until " + expires + "]";
        }
    }

    /** A session just opened, with the id its cookie carries (the one time the id is known outside this class). */
    public record Opened(String id, Session session) {
        @Override
        public String toString() {
            return "Opened[" + session + "]";
        }
    }

    /** A live session and its user as they are now. */
    public record Authenticated(Session session, User user) {}

    /** A session as held: its last request moves on; everything else is fixed at login. */
    private static final class Held {
        final String digest;
        final Session session;
        Instant lastSeen;

        Held(String digest, Session session) {
            this.digest = digest;
            this.session = session;
            this.lastSeen = session.created();
        }
    }

    private final UserStore users;
    private final Limits limits;
    private final Clock clock;
    private final Generations<String, User> userCache = new Generations<>(100_000);
    // Both guarded by this; in login order, so the first entries are the oldest.
    private final LinkedHashMap<String, Held> byDigest = new LinkedHashMap<>();
    private final Map<String, ArrayDeque<Held>> byUser = new HashMap<>();
    // Guarded by this: how often each user's sessions were all ended. Never shrinks: it holds a number per user ever
    // deleted or given a new password, and forgetting one would let a login in flight see an unchanged generation.
    private final Map<String, Long> generations = new HashMap<>();

    public ConsoleSessions(UserStore users, Limits limits, Clock clock) {
        this.users = users;
        this.limits = limits;
        this.clock = clock;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * The user's generation, read by a login before it checks the password and given back to {@link #open}: a
     * password change or deletion that ends the user's sessions in between moves it on.
     */
    public synchronized long generation(String username) {
        return generations.getOrDefault(username, 0L);
    }

    /**
     * A new session of the user, whose password was just checked; empty when {@link #endAllOf} ended the user's
     * sessions since {@code generation} was read (the check may have read the password that was replaced).
     */
    public Optional<Opened> open(String username, long generation) {
        String id = random();
        Instant now = clock.instant();
        Session session = new Session(username, random(), now, now.plus(limits.lifetime()));
        Held held = new Held(digest(id), session);
        synchronized (this) {
            if (generation(username) != generation) return Optional.empty();
            ArrayDeque<Held> own = byUser.computeIfAbsent(username, u -> new ArrayDeque<>());
            own.removeIf(h -> {
                boolean over = ended(h, now);
                if (over) byDigest.remove(h.digest);
                return over;
            });
            while (own.size() >= limits.maxPerUser()) remove(own.peekFirst());
            if (byDigest.size() >= limits.maxSessions()) dropEnded(now);
            while (byDigest.size() >= limits.maxSessions())
                remove(byDigest.values().iterator().next());
            byDigest.put(held.digest, held);
            byUser.computeIfAbsent(username, u -> new ArrayDeque<>()).addLast(held);
        }
        return Optional.of(new Opened(id, session));
    }

    /**
     * The live session of a cookie's id and its user, counting this as the session's latest request; empty (and the
     * session ended) when it has run out or its user is gone.
     */
    public Optional<Authenticated> authenticate(String id) {
        Optional<Session> session = touch(id);
        if (session.isEmpty()) return Optional.empty();
        String username = session.get().username();
        Optional<User> user = userCache.get(username, u -> users.account(u).map(Account::user));
        if (user.isEmpty()) {
            endAllOf(username);
            return Optional.empty();
        }
        return Optional.of(new Authenticated(session.get(), user.get()));
    }

    private synchronized Optional<Session> touch(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) return Optional.empty();
        Held h = byDigest.get(digest(id));
        if (h == null) return Optional.empty();
        Instant now = clock.instant();
        if (ended(h, now)) {
            remove(h);
            return Optional.empty();
        }
        h.lastSeen = now;
        return Optional.of(h.session);
    }

    /** Ends the session of this id (logout); false when there was none. */
    public synchronized boolean end(String id) {
        if (id == null || id.length() > MAX_ID_LENGTH) return false;
        Held h = byDigest.get(digest(id));
        if (h == null) return false;
        remove(h);
        return true;
    }

    /** Ends this session (the one a logout was authenticated by). */
    public synchronized void end(Session session) {
        ArrayDeque<Held> own = byUser.get(session.username());
        if (own == null) return;
        for (Held h : own) {
            if (h.session == session) {
                remove(h);
                return;
            }
        }
    }

    /**
     * Ends every session of the user (deleted, or given a new password), and refuses the sessions of logins that
     * read the user's generation before this.
     */
    public synchronized void endAllOf(String username) {
        generations.merge(username, 1L, Long::sum);
        ArrayDeque<Held> own = byUser.remove(username);
        if (own != null) own.forEach(h -> byDigest.remove(h.digest));
    }

    /** Users or teams changed: the next request of every session reads its user again. */
    public void usersChanged() {
        userCache.invalidateAll();
    }

    /** Sessions held now, ended ones not yet dropped included (what the bound applies to). */
    public synchronized int held() {
        return byDigest.size();
    }

    private boolean ended(Held h, Instant now) {
        return !now.isBefore(h.session.expires()) || !now.isBefore(h.lastSeen.plus(limits.idle()));
    }

    private void dropEnded(Instant now) {
        for (Iterator<Held> it = byDigest.values().iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (ended(h, now)) {
                it.remove();
                removeFromUser(h);
            }
        }
    }

    private void remove(Held h) {
        byDigest.remove(h.digest);
        removeFromUser(h);
    }

    private void removeFromUser(Held h) {
        ArrayDeque<Held> own = byUser.get(h.session.username());
        if (own == null) return;
        own.remove(h);
        if (own.isEmpty()) byUser.remove(h.session.username());
    }

    private static String random() {
        byte[] raw = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String digest(String id) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
