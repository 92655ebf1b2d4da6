package io.lampblack.server.administration;

import io.lampblack.server.problem.InvalidInput;
import io.lampblack.server.problem.TextLimits;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of the Carbon Black platform server watchlist hits can be exported to
 * ({@code /api/v1/settings/global/platformserver}). Kept and reported; nothing is exported anywhere yet. The
 * {@code auth_token} is kept but never answered: whoever reads the settings sees only whether one is set.
 */
public final class PlatformServer {

    /** The settings as they are read: everything but the token. */
    public record Settings(String serverUrl, boolean sslCertificateVerify, boolean watchlistExport, boolean hasToken) {}

    /** A change: null = unchanged. */
    public record Change(String serverUrl, Boolean sslCertificateVerify, Boolean watchlistExport, String authToken) {}

    static final String URL = "platformserver.server_url";
    static final String VERIFY = "platformserver.ssl_certificate_verify";
    static final String EXPORT = "platformserver.watchlist_export";
    static final String TOKEN = "platformserver.auth_token";
    static final int MAX_TEXT = 4096;

    private final SettingStore settings;

    public PlatformServer(SettingStore settings) {
        this.settings = settings;
    }

    public Settings current() {
        return new Settings(
                settings.get(URL).orElse(""),
                settings.get(VERIFY).map(Boolean::parseBoolean).orElse(true),
                settings.get(EXPORT).map(Boolean::parseBoolean).orElse(false),
                settings.get(TOKEN).filter(t -> !t.isEmpty()).isPresent());
    }

    public Settings change(Change c) {
        Map<String, String> values = new HashMap<>();
        Optional.ofNullable(c.serverUrl()).map(PlatformServer::url).ifPresent(u -> values.put(URL, u));
        Optional.ofNullable(c.sslCertificateVerify()).ifPresent(v -> values.put(VERIFY, v.toString()));
        Optional.ofNullable(c.watchlistExport()).ifPresent(v -> values.put(EXPORT, v.toString()));
        Optional.ofNullable(c.authToken())
                .ifPresent(t -> values.put(TOKEN, TextLimits.atMost("auth_token", t, MAX_TEXT)));
        if (!values.isEmpty()) settings.putAll(values);
        return current();
    }

    /** Empty (no platform server) or an https/http URL. */
    private static String url(String u) {
        String s = TextLimits.atMost("server_url", u.strip(), MAX_TEXT);
        if (!s.isEmpty() && !s.matches("(?i)https?://[^\\s/]+.*")) {
            throw new InvalidInput("invalid_input", "'server_url' must be an http(s) URL, or empty");
        }
        return s;
    }
}
