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
            new LoginThrottle(new LoginThrottle.Limits(3, 5, Duration.ofMinutes(15)), clock);

    @Test
    void aUsernameIsRefusedAfterItsFailuresUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) throttle.failed("bob", "10.0.0." + i);
        AccessProblem p = assertThrows(AccessProblem.class, () -> throttle.check("bob", "10.0.0.9"));
        assertEquals(900, p.retryAfterSeconds());
        assertDoesNotThrow(() -> throttle.check("carol", "10.0.0.9"));
        clock.advance(Duration.ofMinutes(10));
        assertEquals(
                300,
                assertThrows(AccessProblem.class, () -> throttle.check("bob", "10.0.0.9"))
                        .retryAfterSeconds());
        clock.advance(Duration.ofMinutes(5));
        assertDoesNotThrow(() -> throttle.check("bob", "10.0.0.9"));
    }

    @Test
    void anAddressIsRefusedAfterItsFailuresWhateverTheUsername() {
        for (int i = 0; i < 5; i++) throttle.failed("user" + i, "192.0.2.1");
        assertThrows(AccessProblem.class, () -> throttle.check("someone-new", "192.0.2.1"));
        assertDoesNotThrow(() -> throttle.check("someone-new", "192.0.2.2"));
        throttle.succeeded("user0");
        assertThrows(
                AccessProblem.class, () -> throttle.check("user0", "192.0.2.1"), "a success does not clear an address");
    }

    @Test
    void aSuccessClearsItsUsername() {
        for (int i = 0; i < 2; i++) throttle.failed("dan", "198.51.100." + i);
        throttle.succeeded("dan");
        throttle.failed("dan", "198.51.100.7");
        assertDoesNotThrow(() -> throttle.check("dan", "198.51.100.8"));
    }
}
