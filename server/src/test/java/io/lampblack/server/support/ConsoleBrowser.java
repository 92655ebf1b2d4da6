package io.lampblack.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the web console does in a browser, by hand: logs in, keeps the session cookie the server set and the CSRF
 * token its session document gave, and sends them back (the cookie always, the CSRF token when asked to).
 */
public final class ConsoleBrowser {

    private static final Pattern COOKIE = Pattern.compile("__Host-lampblack_session=([^;]*);");

    private final TestServer server;
    private String cookie;
    private String csrf;

    public ConsoleBrowser(TestServer server) {
        this.server = server;
    }

    /** Logs in; on 200 the cookie and CSRF token are kept for the calls that follow. */
    public HttpResponse<byte[]> login(String username, String password) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(server.server.url() + "/api/console/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}")));
        if (r.statusCode() == 200) {
            Matcher m = COOKIE.matcher(r.headers().firstValue("Set-Cookie").orElseThrow());
            if (!m.find()) throw new AssertionError("no session cookie: " + r.headers());
            cookie = m.group(1);
            csrf = json(r).get("csrf_token").asText();
        }
        return r;
    }

    /** A call with the session cookie and, for a change, its CSRF token. */
    public HttpResponse<byte[]> call(String method, String path, String jsonOrNull)
            throws IOException, InterruptedException {
        return call(method, path, jsonOrNull, csrf);
    }

    /** A call with the session cookie and this {@code X-CSRF-Token} (none when null). */
    public HttpResponse<byte[]> call(String method, String path, String jsonOrNull, String csrfOrNull)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.server.url() + path))
                .method(
                        method,
                        jsonOrNull == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonOrNull));
        if (jsonOrNull != null) b.header("Content-Type", "application/json");
        if (cookie != null) b.header("Cookie", "theme=dark; __Host-lampblack_session=" + cookie);
        if (csrfOrNull != null) b.header("X-CSRF-Token", csrfOrNull);
        return send(b);
    }

    public String cookie() {
        return cookie;
    }

    public String csrf() {
        return csrf;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return server.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }
}
