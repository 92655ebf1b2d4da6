package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.binary.BinaryEvents;
import io.lampblack.server.binary.BinaryFixture;
import io.lampblack.server.support.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 before anything was committed: the binary index is rebuilt from the journal replay, and observing the
 * same uploads again (replay, re-sent uploads, the same events under a new upload id) never counts a host twice.
 */
class BinaryCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = SensorClient.trustAllHttpClient();

    @TempDir
    Path data;

    @Test
    void replayAfterAKillRebuildsTheCatalogWithoutCountingTwice() throws Exception {
        SensorClient.Identity a;
        SensorClient.Identity b;
        byte[] fromA = BinaryEvents.upload(List.of(BinaryFixture.mx(), BinaryFixture.m1()));
        byte[] fromB = BinaryEvents.upload(List.of(BinaryFixture.mx()));
        // No commit before the kill: everything the binary index knows must come back from the journal.
        try (ServerProcess first = ServerProcess.start(data, "--commit-ms", "600000", "--binary-flush-ms", "100")) {
            SensorClient client = new SensorClient(URI.create(first.url), SensorClient.trustAllHttpClient());
            a = register(client, "HOST-A");
            b = register(client, "HOST-B");
            client.upload(a, "a-1", fromA);
            client.upload(b, "b-1", fromB);
            JsonNode mx = await(
                    first,
                    "/api/v1/binary/" + BinaryFixture.MX + "/summary",
                    d -> d.path("host_count").asInt() == 2);
            assertEquals(2, mx.get("host_count").asInt());
            first.kill();
        }
        try (ServerProcess second = ServerProcess.start(data, "--binary-flush-ms", "100")) {
            SensorClient client = new SensorClient(URI.create(second.url), SensorClient.trustAllHttpClient());
            // Rebuilt by the replay: both binaries, and both hosts of MX.
            await(
                    second,
                    "/api/v1/binary/" + BinaryFixture.MX + "/summary",
                    d -> d.path("host_count").asInt() == 2);
            assertEquals(
                    2,
                    get(second, "/api/v1/binary?q=&rows=0").get("total_results").asInt());
            assertTrue(client.upload(b, "b-1", fromB).duplicate(), "acknowledged before the kill, recognised after");
            // The same binaries again under new upload ids, with MJ as a marker that both were processed.
            client.upload(
                    a, "a-2", BinaryEvents.upload(List.of(BinaryFixture.mx(), BinaryFixture.m1(), BinaryFixture.mj())));
            client.upload(b, "b-2", BinaryEvents.upload(List.of(BinaryFixture.mx(), BinaryFixture.mj())));
            await(
                    second,
                    "/api/v1/binary/" + BinaryFixture.MJ + "/summary",
                    d -> d.path("host_count").asInt() == 2);
            JsonNode mx = get(second, "/api/v1/binary/" + BinaryFixture.MX + "/summary");
            assertEquals(2, mx.get("host_count").asInt());
            assertEquals(2, mx.get("endpoint").size());
            assertEquals(
                    1,
                    get(second, "/api/v1/binary/" + BinaryFixture.M1 + "/summary")
                            .get("host_count")
                            .asInt());
            assertEquals(
                    3,
                    get(second, "/api/v1/binary?q=&rows=0").get("total_results").asInt());
        }
    }

    private static SensorClient.Identity register(SensorClient client, String host) throws Exception {
        var r = client.register(new RegisterRequest(host, null, "windows", "workstation", null, null, null, 1), "");
        return new SensorClient.Identity(r.sensorId(), r.secret());
    }

    private static JsonNode get(ServerProcess server, String path) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.url + path))
                        .header("X-Auth-Token", server.token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode() == 200
                ? JSON.readTree(r.body())
                : JSON.createObjectNode().put("status", r.statusCode());
    }

    /** Polls until the answer satisfies {@code done} (indexing is asynchronous); gives up after a minute. */
    private static JsonNode await(ServerProcess server, String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode last;
        do {
            last = get(server, path);
            if (done.test(last)) return last;
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("never reached the expected state: " + last);
    }
}
