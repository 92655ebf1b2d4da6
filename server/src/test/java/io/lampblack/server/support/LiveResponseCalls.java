package io.lampblack.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/v1/cblr} calls as a client makes them, with one user's token. */
public final class LiveResponseCalls {

    public static final String BASE = "/api/v1/cblr/session";

    private final TestServer server;
    private final String token;

    public LiveResponseCalls(TestServer server, String token) {
        this.server = server;
        this.token = token;
    }

    public TestServer.Response call(String method, String path, String jsonOrNull) throws Exception {
        return new ApiCalls(server).call(method, path, jsonOrNull, token);
    }

    /** A call that must succeed (2xx); its JSON answer. */
    public JsonNode ok(String method, String path, String jsonOrNull) throws Exception {
        TestServer.Response r = call(method, path, jsonOrNull);
        if (r.status() / 100 != 2) throw new AssertionError(method + " " + path + ": " + r.status() + " " + r.text());
        return r.json();
    }

    /** POSTs a session for the sensor and waits (polling each 100 ms, as cbapi polls each second) until active. */
    public JsonNode activeSession(int sensorId) throws Exception {
        long id =
                ok("POST", BASE, "{\"sensor_id\": " + sensorId + "}").get("id").asLong();
        return awaitStatus(BASE + "/" + id, "active", 600);
    }

    /** Polls a session or command until its status is {@code status} (or "error"), at most {@code tries} times. */
    public JsonNode awaitStatus(String path, String status, int tries) throws Exception {
        JsonNode last = null;
        for (int i = 0; i < tries; i++) {
            last = ok("GET", path, null);
            String now = last.path("status").asText();
            if (now.equals(status) || now.equals("error")) return last;
            Thread.sleep(100);
        }
        throw new AssertionError(path + " never became " + status + ": " + last);
    }

    /** Issues a command and answers it once done, read with {@code ?wait=true} (the server blocks until then). */
    public JsonNode run(long session, String commandJson) throws Exception {
        JsonNode c = ok("POST", BASE + "/" + session + "/command", commandJson);
        return done(session, c.get("id").asLong());
    }

    public JsonNode done(long session, long command) throws Exception {
        String path = BASE + "/" + session + "/command/" + command;
        for (int i = 0; i < 20; i++) {
            JsonNode c = ok("GET", path + "?wait=true", null);
            if (!c.path("status").asText().equals("pending")) return c;
        }
        throw new AssertionError(path + " never ended");
    }

    /** A multipart upload with the part {@code file}, as cbapi's {@code put_file} sends it. */
    public TestServer.Response upload(long session, String fileName, byte[] content) throws Exception {
        String boundary = "----lampblack-test-boundary-7d3f";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        List<byte[]> parts = new ArrayList<>(List.of(head, content, tail));
        return server.send(HttpRequest.newBuilder(URI.create(server.server.url() + BASE + "/" + session + "/file"))
                .header("X-Auth-Token", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(parts)));
    }

    /** A file's content, streamed. */
    public HttpResponse<InputStream> content(long session, long file) throws Exception {
        return server.http.send(
                HttpRequest.newBuilder(
                                URI.create(server.server.url() + BASE + "/" + session + "/file/" + file + "/content"))
                        .header("X-Auth-Token", token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    public byte[] contentBytes(long session, long file) throws Exception {
        HttpResponse<InputStream> r = content(session, file);
        try (InputStream in = r.body()) {
            byte[] b = in.readAllBytes();
            if (r.statusCode() != 200) throw new AssertionError("content: " + r.statusCode() + " " + new String(b));
            return b;
        }
    }
}
