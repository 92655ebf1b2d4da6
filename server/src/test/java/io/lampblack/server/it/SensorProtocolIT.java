package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sensor protocol's promises: authentication, whole-upload rejection, size limits, re-sent uploads. */
class SensorProtocolIT {

    @TempDir
    static Path data;

    static TestServer server;
    static SensorClient client;
    static SensorClient.Identity sensor;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(data, "max-upload", "1m");
        client = server.sensorClient();
        RegisterResponse r =
                client.register(new RegisterRequest("PROTO-HOST", null, "windows", "server", null, null, null, 1), "");
        sensor = new SensorClient.Identity(r.sensorId(), r.secret());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static long segments() throws Exception {
        server.server.ingest().pipeline().awaitIndexed(30_000);
        return server.get("/api/v1/process?q=&rows=0")
                .json()
                .get("total_results")
                .asLong();
    }

    @Test
    void anErrorBeforeTheBodyIsReadLeavesTheConnectionUsable() throws Exception {
        byte[] body = new byte[256 * 1024];
        Arrays.fill(body, (byte) 'x');
        for (int i = 0; i < 20; i++) {
            // Unauthenticated: refused before the body is read.
            TestServer.Response refused =
                    server.send(HttpRequest.newBuilder(URI.create(server.server.url() + "/api/v1/process"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            assertEquals(401, refused.status());
            assertEquals(200, server.get("/api/v1/process?q=&rows=0").status());
        }
    }

    @Test
    void aMistypedStatusFieldIsIgnoredNotRefused() throws Exception {
        JsonNode status = io.lampblack.server.json.Json.MAPPER.readTree(
                "{\"uptime\": \"a while\", \"physical_memory_size\": 12345," + " \"clock\": {\"odd\": true}}");
        SensorClient.Checkin c = client.checkin(
                sensor, new io.lampblack.protocol.sensor.SensorProtocol.CheckinRequest(List.of(), status));
        assertTrue(c.response().actions().isEmpty());
        JsonNode doc = server.get("/api/v1/sensor/" + sensor.sensorId()).json();
        assertEquals("12345", doc.path("physical_memory_size").asText(), "the well-typed fields are taken");
    }

    @Test
    void badCredentialsAre401() {
        var e = assertThrows(
                SensorClient.SensorProtocolException.class,
                () -> client.upload(new SensorClient.Identity(sensor.sensorId(), "wrong"), "x1", new byte[0]));
        assertEquals(401, e.status());
        var e2 = assertThrows(
                SensorClient.SensorProtocolException.class,
                () -> client.checkin(new SensorClient.Identity(999_999, "nope"), List.of()));
        assertEquals(401, e2.status());
    }

    @Test
    void malformedUploadIsRejectedWholeAndNothingIsJournaled() throws Exception {
        byte[] good = new SyntheticHost(7).nextUpload(50);
        long before = server.server.ingest().journal().endPosition();
        // A truncated last record.
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        var e = assertThrows(
                SensorClient.SensorProtocolException.class, () -> client.upload(sensor, "bad-1", truncated));
        assertEquals(400, e.status());
        assertEquals("malformed_upload", e.reason());
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
        // Garbage bytes inside a record that still frames correctly.
        byte[] garbage = good.clone();
        for (int i = 10; i < 40; i++) garbage[i] = (byte) 0xff;
        assertEquals(
                400,
                assertThrows(SensorClient.SensorProtocolException.class, () -> client.upload(sensor, "bad-2", garbage))
                        .status());
        assertEquals(
                before, server.server.ingest().journal().endPosition(), "nothing of a rejected upload is journaled");
        // The same upload id can then be used for a good upload.
        assertEquals(50, client.upload(sensor, "bad-1", good).events());
    }

    @Test
    void oversizeUploadIs413() {
        byte[] big = new byte[(1 << 20) + 10];
        var e = assertThrows(SensorClient.SensorProtocolException.class, () -> client.upload(sensor, "big-1", big));
        assertEquals(413, e.status());
    }

    @Test
    void resentUploadIsAcknowledgedButIndexedOnce() throws Exception {
        SyntheticHost host = new SyntheticHost(11);
        byte[] body = host.nextUpload(200);
        long before = segments();
        var first = client.upload(sensor, "dup-1", body);
        assertFalse(first.duplicate());
        long after = segments();
        assertTrue(after > before);
        var again = client.upload(sensor, "dup-1", body);
        assertTrue(again.duplicate());
        assertEquals(after, segments(), "a re-sent upload adds no segments");
    }

    @Test
    void gzipAndZipUploadsAreAccepted() throws Exception {
        byte[] plain = new SyntheticHost(13).nextUpload(30);
        assertEquals(
                30, client.upload(sensor, "gz-1", EventLogWriter.gzip(plain)).events());
        assertEquals(
                30,
                client.upload(
                                sensor,
                                "zip-1",
                                EventLogWriter.zip(plain, "EventLog_00000001.1--2026-01-01-00-00-00.log"))
                        .events());
    }

    @Test
    void checkinReturnsPendingActionsUntilAcknowledged() throws Exception {
        var r = client.checkin(sensor, List.of());
        assertTrue(r.actions().isEmpty());
        assertEquals(30, r.checkinIntervalSeconds());
        long id = server.server.sensors().control().queue(sensor.sensorId(), "isolate", "{\"reason\": \"test\"}");
        var pending = client.checkin(sensor, List.of());
        assertEquals(1, pending.actions().size());
        assertEquals(id, pending.actions().getFirst().id());
        assertEquals("isolate", pending.actions().getFirst().type());
        assertEquals(
                "test", pending.actions().getFirst().payload().get("reason").asText());
        // delivered again until acknowledged, then never again
        assertEquals(1, client.checkin(sensor, List.of()).actions().size());
        assertTrue(client.checkin(sensor, List.of(id)).actions().isEmpty());
        assertTrue(client.checkin(sensor, List.of()).actions().isEmpty());
    }

    @Test
    void simulatedSensorsAcknowledgeWhatTheServerAsks() throws Exception {
        var sim = new io.lampblack.sensor.simulate.Simulator(client, "");
        var sims = sim.register(2, 3);
        server.server.sensors().control().queue(sims.get(1).identity().sensorId(), "restart", "{}");
        assertEquals(0, sim.checkin(sims.get(0).identity()));
        assertEquals(1, sim.checkin(sims.get(1).identity()));
        assertEquals(0, sim.checkin(sims.get(1).identity()), "acknowledged at the simulator's check-in");
        var result = sim.run(sims, 0, 100, 1, 30, null);
        assertTrue(result.uploads() > 0);
        assertEquals(0, result.failures());
    }

    @Test
    void restRoutesNeedAToken() throws Exception {
        assertEquals(401, server.getWithToken("/api/info", null).status());
        assertEquals(
                401,
                server.getWithToken("/api/info", "0000000000000000000000000000000000000000")
                        .status());
        TestServer.Response ok = server.get("/api/info");
        assertEquals(200, ok.status());
        JsonNode info = ok.json();
        assertEquals("6.2.0", info.get("version").asText());
        assertTrue(info.has("lampblack_version"));
        assertTrue(info.has("cblrEnabled"));
        TestServer.Response notFound = server.get("/api/v1/nothing-here");
        assertEquals(404, notFound.status());
        assertEquals("not_found", notFound.json().get("reason").asText());
    }

    @Test
    void mutatingCallsAreAudited() throws Exception {
        server.post("/api/v1/process", "{\"q\": [\"\"], \"rows\": 1}");
        var entries = server.server.access().audit().recent(20);
        assertTrue(
                entries.stream()
                        .anyMatch(e -> e.method().equals("POST")
                                && e.path().equals("/api/v1/process")
                                && e.username().equals("admin")),
                entries.toString());
        // an unauthenticated mutating call is recorded too
        server.send(HttpRequest.newBuilder(URI.create(server.server.url() + "/api/v1/process"))
                .POST(HttpRequest.BodyPublishers.ofString("null")));
        assertTrue(server.server.access().audit().recent(20).stream()
                .anyMatch(e -> e.username().equals("-") && e.status() == 401));
    }

    @Test
    void serverInfoFileIsOwnerOnlyAndHasUrlAndToken() throws Exception {
        Path f = server.server.serverInfoFile();
        JsonNode info = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile());
        assertEquals(server.server.url(), info.get("url").asText());
        assertEquals(server.token, info.get("api_token").asText());
        assertEquals(
                "rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
}
