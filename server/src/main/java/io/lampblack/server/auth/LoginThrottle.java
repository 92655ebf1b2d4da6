package io.lampblack.server.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Slows password guessing at {@code /api/auth*} (and the {@code current_password} of a self-service password change).
 * Each attempt is counted <em>before</em> its password is checked ({@link #begin}), so a burst of parallel guesses
 * cannot exceed a limit; a success takes its own attempt back and clears the failures of its username from its
 * address ({@link #succeeded}). Within a window that starts with the first counted attempt, further attempts are
 * refused (429 with Retry-After until the window ends), even with the right password, when:
 *
 * <ul>
 *   <li>the username has failed {@code perUserAddress} times from the address;
 *   <li>the address has failed {@code perAddress} times, whatever the usernames; or
 *   <li>the username has failed {@code perUser} times from all addresses together, and the attempt comes from an
 *       address that has already failed for it: an address that has not is still let through, so guessing a user's
 *       password from many addresses does not lock the user out of their own.
 * </ul>
 *
 * <p>An IPv6 source counts by its /64 prefix (one host usually holds a whole /64); IPv4 by its address.
 */
public final class LoginThrottle {

    /** The defaults: 5 failures per username and address, 50 per username, 20 per address, in 15 minutes. */
    public record Limits(int perUserAddress, int perUser, int perAddress, Duration window) {
        public static final Limits DEFAULT = new Limits(5, 50, 20, Duration.ofMinutes(15));
    }

    private record Window(Instant start, int failures) {}

    /** Beyond this many tracked keys expired windows are dropped (a spray of usernames cannot fill the heap). */
    private static final int MAX_KEYS = 100_000;

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>(); // guarded by this

    public LoginThrottle(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Counts an attempt about to be checked, as a failure until {@link #succeeded} or {@link #abandoned} says
     * otherwise.
     *
     * @throws AccessProblem 429 (nothing counted) while the attempt is over a limit
     */
    public synchronized void begin(String username, String address) {
        Instant now = clock.instant();
        String pair = pairKey(username, address);
        String user = userKey(username);
        String addr = addressKey(address);
        int pairFailures = failures(pair, now);
        long wait =
                Math.max(waitSeconds(pair, limits.perUserAddress(), now), waitSeconds(addr, limits.perAddress(), now));
        if (pairFailures > 0) wait = Math.max(wait, waitSeconds(user, limits.perUser(), now));
        if (wait > 0) throw AccessProblem.throttled((int) Math.min(Integer.MAX_VALUE, wait));
        if (windows.size() > MAX_KEYS) windows.values().removeIf(w -> expired(w, now));
        for (String key : new String[] {pair, user, addr}) {
            windows.merge(
                    key,
                    new Window(now, 1),
                    (old, one) -> expired(old, now) ? one : new Window(old.start(), old.failures() + 1));
        }
    }

    /** The attempt {@link #begin} counted had the right password: it is taken back, and the username's failures from the address cleared. */
    public synchronized void succeeded(String username, String address) {
        windows.remove(pairKey(username, address));
        takeBack(userKey(username));
        takeBack(addressKey(address));
    }

    /** The attempt {@link #begin} counted was not checked after all (the server was too busy): it is taken back. */
    public synchronized void abandoned(String username, String address) {
        takeBack(pairKey(username, address));
        takeBack(userKey(username));
        takeBack(addressKey(address));
    }

    private void takeBack(String key) {
        windows.computeIfPresent(key, (k, w) -> w.failures() <= 1 ? null : new Window(w.start(), w.failures() - 1));
    }

    private int failures(String key, Instant now) {
        Window w = windows.get(key);
        return w == null || expired(w, now) ? 0 : w.failures();
    }

    private long waitSeconds(String key, int limit, Instant now) {
        Window w = windows.get(key);
        if (w == null || expired(w, now) || w.failures() < limit) return 0;
        long ms = Duration.between(now, w.start().plus(limits.window())).toMillis();
        return Math.max(1, (ms + 999) / 1000);
    }

    private boolean expired(Window w, Instant now) {
        return !now.isBefore(w.start().plus(limits.window()));
    }

    private static String userKey(String username) {
        return "u:" + username;
    }

    private static String addressKey(String address) {
        return "a:" + source(address);
    }

    private static String pairKey(String username, String address) {
        return "p:" + source(address) + " " + username;
    }

    /** The address as counted: an IPv6 address by its /64 prefix, anything else as given. */
    static String source(String address) {
        if (address == null || address.indexOf(':') < 0) return address;
        String literal =
                address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) literal = literal.substring(0, zone);
        try {
            InetAddress a = InetAddress.ofLiteral(literal);
            if (!(a instanceof Inet6Address)) return a.getHostAddress(); // IPv4-mapped
            return HexFormat.of().formatHex(a.getAddress(), 0, 8) + "::/64";
        } catch (IllegalArgumentException e) {
            return address;
        }
    }
}
