package io.lampblack.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** How secrets are made and how text that may carry one is shown (terminal, logs, error messages). */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** A new random token: 32 bytes from the system's secure random source, as 64 hex digits. */
    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Whether a setting's text carries a credential: a URL only when its user part has a password
     * ({@code amqp://cb:pw@host}), any other non-empty text always (a password, a token, {@code user:password}). A URL
     * whose user part is unclear ({@code smtp://u:p@ss@host}, where the parser sees no user part at all) counts as
     * carrying one when a colon comes before its last {@code @}.
     */
    public static boolean holdsPassword(String value) {
        if (value == null || value.isBlank()) return false;
        int from = value.indexOf("://");
        if (from < 0) return true;
        from += 3;
        try {
            new URI(value);
        } catch (URISyntaxException e) {
            return true; // unparseable: treat as carrying one
        }
        int at = userPartEnd(value, from);
        return at >= 0 && value.substring(from, at).contains(":");
    }

    /**
     * The URL with the password of its user part replaced by {@code ***} ({@code amqp://cb:***@host:5004}). When the
     * user part is unclear (a password holding {@code @ / ? #}, so that the text has several {@code @}) everything
     * between {@code ://} and the last {@code @} is masked ({@code smtp://***@host}); text that does not parse as a URL
     * is shown as {@code ***} whole, as it may be anything.
     */
    public static String maskUrl(String url) {
        if (url == null || url.isEmpty()) return "";
        int from = url.indexOf("://");
        if (from < 0) return "***";
        from += 3;
        try {
            new URI(url);
        } catch (URISyntaxException e) {
            return "***";
        }
        int at = userPartEnd(url, from);
        if (at < 0) return url;
        if (!clearUserPart(url, from, at)) return url.substring(0, from) + "***" + url.substring(at);
        int colon = url.substring(from, at).indexOf(':');
        if (colon < 0) return url;
        return url.substring(0, from + colon + 1) + "***" + url.substring(at);
    }

    /**
     * Where the user part of a URL ends: its {@code @}, or -1 without one. With several {@code @} after {@code ://},
     * the last one, so that whatever may belong to a password lies before it.
     */
    private static int userPartEnd(String url, int from) {
        return url.indexOf('@', from) < 0 ? -1 : url.lastIndexOf('@');
    }

    /**
     * Whether the user part is what the URL parser also sees: the only {@code @} after {@code ://}, ending the parsed
     * user part of a server-based authority.
     */
    private static boolean clearUserPart(String url, int from, int at) {
        if (url.indexOf('@', from) != at) return false;
        try {
            URI u = new URI(url);
            String userInfo = u.getRawUserInfo();
            return u.getHost() != null
                    && userInfo != null
                    && url.substring(from, at).equals(userInfo);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
