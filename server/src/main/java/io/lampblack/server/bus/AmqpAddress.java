package io.lampblack.server.bus;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A broker address from {@code amqp://user:pass@host:port/vhost}. Unlike the AMQP URI spec (where a bare
 * {@code /} path names the empty vhost), an empty or {@code /} path means vhost {@code /}: that is the vhost every
 * Carbon Black consumer uses, and what operators mean by {@code amqp://guest:guest@127.0.0.1:5672/}.
 */
public record AmqpAddress(String host, int port, String user, String password, String vhost) {

    public static final int DEFAULT_PORT = 5672;

    public static AmqpAddress parse(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            // The reason and position only: the exception's message repeats the URL, password and all.
            throw new IllegalArgumentException("bus URL is not a URL: " + e.getReason() + " at index " + e.getIndex());
        }
        if (!"amqp".equalsIgnoreCase(u.getScheme())) {
            throw new IllegalArgumentException("bus URL must start with amqp:// (TLS is not supported yet)");
        }
        if (u.getHost() == null) throw new IllegalArgumentException("bus URL has no host");
        String user = "guest";
        String password = "guest";
        String info = u.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        String path = u.getRawPath();
        String vhost = path == null || path.isEmpty() || path.equals("/") ? "/" : decode(path.substring(1));
        return new AmqpAddress(u.getHost(), u.getPort() < 0 ? DEFAULT_PORT : u.getPort(), user, password, vhost);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** For logs: never the password. */
    @Override
    public String toString() {
        return "amqp://" + user + "@" + host + ":" + port + "/" + (vhost.equals("/") ? "" : vhost);
    }
}
