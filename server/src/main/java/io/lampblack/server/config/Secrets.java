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
     * ({@code amqp://cb:pw@host}), any other non-empty text always (a password, a token, {@code user:password}).
     */
    public static boolean holdsPassword(String value) {
        if (value == null || value.isBlank()) return false;
        if (!value.contains("://")) return true;
        String userInfo = userInfo(value);
        return userInfo != null && userInfo.contains(":");
    }

    /**
     * The URL with the password of its user part replaced by {@code ***} ({@code amqp://cb:***@host:5004}); text that
     * does not parse as a URL is shown as {@code ***} whole, as it may be anything.
     */
    public static String maskUrl(String url) {
        if (url == null || url.isEmpty()) return "";
        String userInfo;
        try {
            userInfo = new URI(url).getRawUserInfo();
        } catch (URISyntaxException e) {
            return "***";
        }
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        if (colon < 0) return url;
        // The raw user part as it stands in the text, so that nothing else of the URL changes.
        return url.replace(userInfo + "@", userInfo.substring(0, colon) + ":***@");
    }

    private static String userInfo(String url) {
        try {
            return new URI(url).getRawUserInfo();
        } catch (URISyntaxException e) {
            return "?:?"; // unparseable: treat as carrying one
        }
    }
}
