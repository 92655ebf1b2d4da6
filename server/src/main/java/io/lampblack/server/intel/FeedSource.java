package io.lampblack.server.intel;

import java.net.URI;
import java.time.Duration;

/**
 * Where a feed document comes from and how to fetch it: the feed's {@code feed_url} (https, http or file) and its
 * {@code validate_server_cert}, {@code username} / {@code password} settings.
 *
 * @param validateServerCert false accepts any certificate and host name (self-signed feed servers); the default is
 *                           true
 * @param timeout            for connecting and for the whole response
 */
public record FeedSource(URI url, boolean validateServerCert, String username, String password, Duration timeout) {

    public FeedSource {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
            throw new IllegalArgumentException("feed_url must be an https, http or file URL: " + url);
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }
}
