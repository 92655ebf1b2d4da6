package io.lampblack.server.bus;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where raw events go on Redis: {@code redis://[[user]:password@]HOST[:PORT][/DB]} (port 6379 and database 0 by
 * default). Pub/sub channels are the same in every database of a Redis server; the number is selected all the same,
 * as Carbon Black's cb.conf option names one.
 */
public record RedisAddress(String host, int port, int database, String user, String password) {

    /** @throws IllegalArgumentException for anything that is not such a URL (the message never shows a password) */
    public static RedisAddress parse(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a redis:// URL");
        }
        if (!"redis".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("not a redis://HOST:PORT/DB URL");
        }
        int db = 0;
        String path = u.getPath() == null ? "" : u.getPath();
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the database of a redis:// URL is a number");
            }
            if (db < 0) throw new IllegalArgumentException("the database of a redis:// URL is a number");
        }
        String user = null;
        String password = null;
        if (u.getRawUserInfo() != null) {
            String info = u.getRawUserInfo();
            int colon = info.indexOf(':');
            String rawUser = colon < 0 ? "" : info.substring(0, colon);
            String rawPassword = colon < 0 ? info : info.substring(colon + 1);
            user = rawUser.isEmpty() ? null : decode(rawUser);
            password = decode(rawPassword);
        }
        return new RedisAddress(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort(), db, user, password);
    }

    /** Percent-decoding only: a {@code +} in userinfo is a plus, not a space (as in {@link AmqpAddress}). */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** For log lines: no password. */
    @Override
    public String toString() {
        return "redis://" + host + ":" + port + "/" + database;
    }
}
