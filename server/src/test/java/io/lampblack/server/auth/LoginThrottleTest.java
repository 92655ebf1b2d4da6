package io.lampblack.server.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lampblack.server.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle =
            new LoginThrottle(new LoginThrottle.Limits(3, 6, 5, Duration.ofMinutes(15)), clock);

    @Test
    void aUsernameIsRefusedFromAnAddressAfterItsFailuresThereUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) throttle.begin("bob", "10.0.0.1");
        AccessProblem p = assertThrows(AccessProblem.class, () -> throttle.begin("bob", "10.0.0.1"));
        assertEquals(900, p.retryAfterSeconds());
        assertDoesNotThrow(() -> throttle.begin("carol", "10.0.0.1"));
        assertDoesNotThrow(() -> throttle.begin("bob", "10.0.0.2"), "another address has not failed for bob");
        clock.advance(Duration.ofMinutes(10));
        assertEquals(
                300,
                assertThrows(AccessProblem.class, () -> throttle.begin("bob", "10.0.0.1"))
                        .retryAfterSeconds());
        clock.advance(Duration.ofMinutes(5));
        assertDoesNotThrow(() -> throttle.begin("bob", "10.0.0.1"));
    }

    @Test
    void aBurstOfParallelAttemptsCannotPassTheLimit() {
        // Each attempt is counted as it begins, before its password is checked: none has failed yet.
        for (int i = 0; i < 3; i++) throttle.begin("eve", "10.1.0.1");
        assertThrows(AccessProblem.class, () -> throttle.begin("eve", "10.1.0.1"));
    }

    @Test
    void theUsernameLimitDoesNotLockOutAnAddressThatHasNotFailed() {
        for (int i = 0; i < 6; i++) throttle.begin("frank", "10.2.0." + i);
        assertThrows(
                AccessProblem.class,
                () -> throttle.begin("frank", "10.2.0.0"),
                "an address that failed for frank, now over the username's limit");
        assertDoesNotThrow(() -> throttle.begin("frank", "10.2.0.99"), "the owner from a clean address");
        throttle.succeeded("frank", "10.2.0.99");
        assertDoesNotThrow(() -> throttle.begin("frank", "10.2.0.99"), "and again after succeeding");
    }

    @Test
    void anAddressIsRefusedAfterItsFailuresWhateverTheUsername() {
        for (int i = 0; i < 5; i++) throttle.begin("user" + i, "192.0.2.1");
        assertThrows(AccessProblem.class, () -> throttle.begin("someone-new", "192.0.2.1"));
        assertDoesNotThrow(() -> throttle.begin("someone-new", "192.0.2.2"));
    }

    @Test
    void aSuccessTakesItsAttemptBackAndClearsItsUsernameAtItsAddress() {
        for (int i = 0; i < 2; i++) throttle.begin("dan", "198.51.100.1");
        throttle.begin("dan", "198.51.100.1");
        throttle.succeeded("dan", "198.51.100.1");
        for (int i = 0; i < 3; i++) throttle.begin("dan", "198.51.100.1");
        assertThrows(AccessProblem.class, () -> throttle.begin("dan", "198.51.100.1"));
        // The address: 2 failures + 3 = 5 counted (the success taken back).
        assertThrows(AccessProblem.class, () -> throttle.begin("other", "198.51.100.1"));
    }

    @Test
    void anAbandonedAttemptIsTakenBack() {
        for (int i = 0; i < 3; i++) {
            throttle.begin("gina", "10.3.0.1");
            throttle.abandoned("gina", "10.3.0.1");
        }
        assertDoesNotThrow(() -> throttle.begin("gina", "10.3.0.1"));
    }

    @Test
    void anIpv6SourceCountsByItsSlash64() {
        for (int i = 0; i < 5; i++) throttle.begin("user" + i, "2001:db8:1:2::" + (i + 1));
        assertThrows(AccessProblem.class, () -> throttle.begin("someone", "[2001:db8:1:2:ffff::9]"));
        assertDoesNotThrow(() -> throttle.begin("someone", "2001:db8:1:3::1"));
        assertEquals("20010db800010002::/64", LoginThrottle.source("2001:db8:1:2:0:0:0:1"));
        assertEquals("192.0.2.7", LoginThrottle.source("::ffff:192.0.2.7"));
        assertEquals("192.0.2.7", LoginThrottle.source("192.0.2.7"));
    }
}
