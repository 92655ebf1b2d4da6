package io.lampblack.server.intel;

import io.lampblack.server.problem.InvalidInput;
import java.net.URI;
import java.net.URISyntaxException;
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

    /** @throws InvalidInput ({@code bad_feed_url}) for a URL that is not https, http or file */
    public FeedSource {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
            throw new InvalidInput("bad_feed_url", "feed_url must be an https, http or file URL: " + url);
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }

    /** A source from a {@code feed_url} as an analyst typed it. @throws InvalidInput ({@code bad_feed_url}) */
    public FeedSource(String url, boolean validateServerCert, String username, String password, Duration timeout) {
        this(uri(url), validateServerCert, username, password, timeout);
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidInput("bad_feed_url", e.getMessage());
        }
    }
}
