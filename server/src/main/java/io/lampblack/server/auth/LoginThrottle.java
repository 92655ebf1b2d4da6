package io.lampblack.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing at {@code /api/auth*}: after {@code perUser} failed logins for one username, or
 * {@code perAddress} from one source address, within a window, further attempts for that username or from that
 * address are refused (429 with Retry-After) until the window that started with the first failure ends, even with
 * the right password. A successful login clears its username's count; the address count only expires, so one
 * valid account does not reset an address that is guessing others.
 */
public final class LoginThrottle {

    /** The defaults: 5 failures per username, 20 per address, in 15 minutes. */
    public record Limits(int perUser, int perAddress, Duration window) {
        public static final Limits DEFAULT = new Limits(5, 20, Duration.ofMinutes(15));
    }

    private record Window(Instant start, int failures) {}

    /** Beyond this many tracked keys expired windows are dropped (a spray of usernames cannot fill the heap). */
    private static final int MAX_KEYS = 100_000;

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public LoginThrottle(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** @throws AccessProblem 429 while the username or the address is over its limit */
    public void check(String username, String address) {
        long wait = Math.max(
                waitSeconds(userKey(username), limits.perUser()),
                waitSeconds(addressKey(address), limits.perAddress()));
        if (wait > 0) throw AccessProblem.throttled((int) Math.min(Integer.MAX_VALUE, wait));
    }

    public void failed(String username, String address) {
        if (windows.size() > MAX_KEYS) dropExpired();
        Instant now = clock.instant();
        for (String key : new String[] {userKey(username), addressKey(address)}) {
            windows.merge(
                    key,
                    new Window(now, 1),
                    (old, one) -> expired(old, now) ? one : new Window(old.start(), old.failures() + 1));
        }
    }

    public void succeeded(String username) {
        windows.remove(userKey(username));
    }

    private long waitSeconds(String key, int limit) {
        Window w = windows.get(key);
        Instant now = clock.instant();
        if (w == null || expired(w, now) || w.failures() < limit) return 0;
        long ms = Duration.between(now, w.start().plus(limits.window())).toMillis();
        return Math.max(1, (ms + 999) / 1000);
    }

    private boolean expired(Window w, Instant now) {
        return !now.isBefore(w.start().plus(limits.window()));
    }

    private void dropExpired() {
        Instant now = clock.instant();
        windows.values().removeIf(w -> expired(w, now));
    }

    private static String userKey(String username) {
        return "u:" + username;
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
