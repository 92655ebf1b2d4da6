package io.lampblack.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.support.MutableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The console's sessions: ids, expiry by idleness and by age, ending, the bounds, and the user read afresh. */
class ConsoleSessionsTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T08:00:00Z");
    private final Map<String, User> users = new ConcurrentHashMap<>();

    /** A user store that knows only the accounts in {@link #users} (all a session asks of it). */
    private UserStore store() {
        return (UserStore) Proxy.newProxyInstance(
                UserStore.class.getClassLoader(), new Class<?>[] {UserStore.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("account")) throw new UnsupportedOperationException(method.getName());
                    User u = users.get((String) args[0]);
                    return Optional.ofNullable(u == null ? null : new Account(u, 1, List.of(), true));
                });
    }

    private ConsoleSessions sessions(int max, int perUser) {
        return new ConsoleSessions(
                store(), new ConsoleSessions.Limits(Duration.ofMinutes(30), Duration.ofHours(12), max, perUser), clock);
    }

    /** A login with nothing changing the user meanwhile: the generation read just before the session opens. */
    private static ConsoleSessions.Opened login(ConsoleSessions s, String username) {
        return s.open(username, s.generation(username)).orElseThrow();
    }

    private void user(String name, boolean admin) {
        users.put(name, new User(name, "F", "L", name + "@example.org", admin));
    }

    @Test
    void aSessionIdAuthenticatesItsUserAndCarriesACsrfToken() {
        user("ann", false);
        ConsoleSessions s = sessions(100, 10);
        ConsoleSessions.Opened o = login(s, "ann");
        assertTrue(o.id().matches("[A-Za-z0-9_-]{43}"), "256 random bits, base64url: " + o.id());
        assertTrue(o.session().csrfToken().matches("[A-Za-z0-9_-]{43}"));
        assertNotEquals(o.id(), o.session().csrfToken());
        assertEquals(clock.instant().plus(Duration.ofHours(12)), o.session().expires());
        ConsoleSessions.Authenticated a = s.authenticate(o.id()).orElseThrow();
        assertEquals("ann", a.user().username());
        assertTrue(a.session().csrfMatches(o.session().csrfToken()));
        assertFalse(a.session().csrfMatches(null));
        assertFalse(a.session().csrfMatches(""));
        assertFalse(a.session().csrfMatches(o.id()));
        assertFalse(s.authenticate(o.session().csrfToken()).isPresent(), "the CSRF token is no session id");
        assertFalse(s.authenticate("x".repeat(10_000)).isPresent());
        assertFalse(s.authenticate(null).isPresent());
        assertFalse(o.toString().contains(o.id()), "the id is never in what may be logged");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) ids.add(login(s, "ann").id());
        assertEquals(5, ids.size());
    }

    @Test
    void aSessionEndsAfterItsIdleTimeWithoutARequest() {
        user("ann", false);
        ConsoleSessions s = sessions(100, 10);
        String id = login(s, "ann").id();
        clock.advance(Duration.ofMinutes(29));
        assertTrue(s.authenticate(id).isPresent());
        clock.advance(Duration.ofMinutes(29));
        assertTrue(s.authenticate(id).isPresent(), "each request starts the idle time again");
        clock.advance(Duration.ofMinutes(30));
        assertFalse(s.authenticate(id).isPresent());
        clock.advance(Duration.ofMinutes(-30));
        assertFalse(s.authenticate(id).isPresent(), "an ended session stays ended");
    }

    @Test
    void aBusySessionStillEndsAtItsLifetime() {
        user("ann", false);
        ConsoleSessions s = sessions(100, 10);
        String id = login(s, "ann").id();
        for (int i = 0; i < 35; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertTrue(s.authenticate(id).isPresent(), "after " + (i + 1) * 20 + " minutes");
        }
        clock.advance(Duration.ofMinutes(20)); // 12 hours after the login
        assertFalse(s.authenticate(id).isPresent());
    }

    @Test
    void logoutEndsOneSessionAndAUserChangeEndsThemAll() {
        user("ann", false);
        user("bob", false);
        ConsoleSessions s = sessions(100, 10);
        ConsoleSessions.Opened first = login(s, "ann");
        String second = login(s, "ann").id();
        String bobs = login(s, "bob").id();
        s.end(s.authenticate(first.id()).orElseThrow().session());
        assertFalse(s.authenticate(first.id()).isPresent());
        assertTrue(s.authenticate(second).isPresent());
        String third = login(s, "ann").id();
        assertTrue(s.end(third));
        assertFalse(s.end(third));
        s.endAllOf("ann");
        assertFalse(s.authenticate(second).isPresent());
        assertTrue(s.authenticate(bobs).isPresent(), "another user's session is untouched");
    }

    @Test
    void theUserIsReadAgainAfterAChangeAndAGoneUserEndsTheSession() {
        user("ann", false);
        ConsoleSessions s = sessions(100, 10);
        String id = login(s, "ann").id();
        assertFalse(s.authenticate(id).orElseThrow().user().globalAdmin());
        user("ann", true);
        assertFalse(s.authenticate(id).orElseThrow().user().globalAdmin(), "cached until told of a change");
        s.usersChanged();
        assertTrue(s.authenticate(id).orElseThrow().user().globalAdmin(), "a promotion applies at once");
        users.remove("ann");
        s.usersChanged();
        assertFalse(s.authenticate(id).isPresent());
        user("ann", false);
        s.usersChanged();
        assertFalse(s.authenticate(id).isPresent(), "a new user of the same name does not inherit the session");
    }

    @Test
    void loginsBeyondTheBoundsEndTheOldestSessions() {
        for (int u = 0; u < 5; u++) user("u" + u, false);
        ConsoleSessions s = sessions(8, 3);
        String firstOfU0 = login(s, "u0").id();
        String secondOfU0 = login(s, "u0").id();
        login(s, "u0");
        login(s, "u0"); // a fourth: the first of u0 ends
        assertFalse(s.authenticate(firstOfU0).isPresent());
        assertTrue(s.authenticate(secondOfU0).isPresent());
        assertEquals(3, s.held());

        String firstOfU1 = login(s, "u1").id();
        for (int i = 0; i < 1_000; i++) login(s, "u" + (2 + i % 3));
        assertEquals(8, s.held(), "a flood of logins holds no more than the bound");
        assertFalse(s.authenticate(firstOfU1).isPresent(), "the oldest went first");
        String latest = login(s, "u1").id();
        assertTrue(s.authenticate(latest).isPresent());
    }

    @Test
    void endedSessionsAreDroppedBeforeLiveOnesAreEvicted() {
        user("ann", false);
        user("bob", false);
        ConsoleSessions s = sessions(3, 3);
        login(s, "ann");
        login(s, "ann");
        clock.advance(Duration.ofMinutes(20));
        String bobs = login(s, "bob").id();
        clock.advance(Duration.ofMinutes(15)); // ann's have been idle 35 minutes, bob's 15
        String again = login(s, "bob").id();
        assertTrue(s.authenticate(bobs).isPresent(), "room was made by dropping ann's idle sessions");
        assertTrue(s.authenticate(again).isPresent());
        assertEquals(2, s.held());
    }

    @Test
    void aLoginWhosePasswordCheckRacedAPasswordChangeOpensNoSession() {
        user("ann", false);
        user("bob", false);
        ConsoleSessions s = sessions(100, 10);
        // The race, one step at a time: the login reads the generation and checks the old password; the change
        // stores the new hash and ends ann's sessions; only then does the login open its session.
        long before = s.generation("ann");
        long bobsBefore = s.generation("bob");
        s.endAllOf("ann");
        assertEquals(Optional.empty(), s.open("ann", before), "the old password opens nothing after the change");
        assertEquals(0, s.held());
        assertTrue(s.open("bob", bobsBefore).isPresent(), "another user's login is not refused");

        // The other order: the session opened before the change ends with it.
        long again = s.generation("ann");
        String early = s.open("ann", again).orElseThrow().id();
        s.endAllOf("ann");
        assertFalse(s.authenticate(early).isPresent());

        // A login that starts after the change reads the new generation and opens its session.
        assertTrue(s.authenticate(login(s, "ann").id()).isPresent());
    }
}
