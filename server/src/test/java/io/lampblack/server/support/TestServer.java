package io.lampblack.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.ServerSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real server for integration tests: HTTPS and the embedded broker on free ports, H2 and Lucene in a temporary
 * data directory.
 */
public final class TestServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final LampblackServer server;
    public final HttpClient http = SensorClient.trustAllHttpClient();
    public final String token;

    private TestServer(LampblackServer server) {
        this.server = server;
        this.token = server.adminToken().orElseThrow();
    }

    public static TestServer start(Path dataDir, String... extra) throws Exception {
        return start(dataDir, Clock.systemUTC(), extra);
    }

    public static TestServer start(Path dataDir, Clock clock, String... extra) throws Exception {
        return new TestServer(LampblackServer.start(settings(dataDir, extra), clock));
    }

    private static ServerSettings settings(Path dataDir, String... extra) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("data", dataDir.toString());
        s.put("port", "0");
        s.put("refresh-ms", "100");
        s.put("commit-ms", "500");
        s.put("bus-port", "0");
        // Most tests are not about registration: their sensors register without a token. RegistrationTokenIT starts
        // servers with "open-registration", "false", as a server starts by default.
        s.put("open-registration", "true");
        for (int i = 0; i + 1 < extra.length; i += 2) s.put(extra[i], extra[i + 1]);
        return ServerSettings.of(s);
    }

    public SensorClient sensorClient() {
        return new SensorClient(URI.create(server.url()), http);
    }

    /** A GET with the admin token. */
    public Response get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery))
                .header("X-Auth-Token", token)
                .GET());
    }

    public Response getWithToken(String pathAndQuery, String tokenOrNull) throws IOException, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).GET();
        if (tokenOrNull != null) b.header("X-Auth-Token", tokenOrNull);
        return send(b);
    }

    public Response post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("X-Auth-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(
                r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(""));
    }

    /** The process search URL for a query, encoded the way cbapi encodes it. */
    public static String processQuery(String q, String extra) {
        return "/api/v1/process?cb.urlver=1&facet=false&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                + "&rows=100&sort=last_update+desc&start=0" + extra;
    }

    public record Response(int status, byte[] body, String contentType) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The corpus directory, or null when the shared folder is not beside the project. */
    public static Path corpus() {
        Path p = Path.of(System.getProperty("lampblack.shared", "../../shared"), "corpus");
        return Files.isDirectory(p) ? p : null;
    }

    @Override
    public void close() {
        server.close();
    }
}
