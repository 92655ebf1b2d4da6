package io.lampblack.server.intel;

import io.lampblack.server.problem.InvalidInput;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a feed document comes from and how to fetch it: the feed's {@code feed_url} (https, http or file) and its
 * {@code validate_server_cert}, {@code username} / {@code password} settings. How long a fetch may take and how
 * large a document may be are the server's ({@link FeedFetchPolicy}).
 *
 * @param validateServerCert false accepts any certificate and host name (self-signed feed servers); the default is
 *                           true
 */
public record FeedSource(URI url, boolean validateServerCert, String username, String password) {

    /**
     * @throws InvalidInput ({@code bad_feed_url}) for a URL that is not an http(s) URL with a host, nor a
     *     {@code file:} URL with an absolute path on this host; credentials in the URL are refused too, since the
     *     URL is shown to every reader of the feed while {@code username}/{@code password} are write-only
     */
    public FeedSource {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https", "http" -> {
                if (url.getHost() == null || url.getHost().isEmpty()) {
                    throw new InvalidInput("bad_feed_url", "feed_url has no host: " + url);
                }
                if (url.getPort() > 65535) {
                    throw new InvalidInput("bad_feed_url", "feed_url has a port out of range: " + url);
                }
                if (url.getRawUserInfo() != null) {
                    throw new InvalidInput(
                            "bad_feed_url",
                            "feed_url may not hold credentials; give them as username and password (never shown back)");
                }
            }
            case "file" -> {
                String authority = url.getRawAuthority();
                boolean local = authority == null || authority.isEmpty() || authority.equalsIgnoreCase("localhost");
                if (url.isOpaque()
                        || !local
                        || url.getPath() == null
                        || !url.getPath().startsWith("/")) {
                    throw new InvalidInput(
                            "bad_feed_url",
                            "a file feed_url needs an absolute path on this host (file:///path): " + url);
                }
            }
            default -> throw new InvalidInput("bad_feed_url", "feed_url must be an https, http or file URL: " + url);
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }

    /** A source from a {@code feed_url} as an analyst typed it. @throws InvalidInput ({@code bad_feed_url}) */
    public FeedSource(String url, boolean validateServerCert, String username, String password) {
        this(uri(url), validateServerCert, username, password);
    }

    /** Without the password, which no log line or message may carry. */
    @Override
    public String toString() {
        return "FeedSource[url=" + url + ", validateServerCert=" + validateServerCert + ", username=" + username + "]";
    }

    /**
     * Same scheme, host and port, a missing port being the scheme's default (80 for http, 443 for https): where
     * basic-auth credentials may go. The one rule for redirects and for a changed {@code feed_url}.
     */
    public static boolean sameOrigin(URI a, URI b) {
        return String.valueOf(a.getScheme()).equalsIgnoreCase(String.valueOf(b.getScheme()))
                && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) return u.getPort();
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : "http".equalsIgnoreCase(u.getScheme()) ? 80 : -1;
    }

    /** Whether the document is a file on the server's host (which only global administrators may name). */
    public boolean isFile() {
        return "file".equalsIgnoreCase(url.getScheme());
    }

    /** A {@code feed_url} names a file on the server's host; false for anything else, valid or not. */
    public static boolean isFileUrl(String url) {
        return url.strip().regionMatches(true, 0, "file:", 0, 5);
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidInput("bad_feed_url", e.getMessage());
        }
    }
}
