package io.lampblack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.sensor.agent.SensorMain;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.ServerSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./lampblack sensor} as a user runs it, against a real server that requires a registration token: a wrong
 * token ends it with status 1 and the server's reason; the right one registers it, and the server's uninstall stops
 * it (status 0) and removes its data.
 */
class SensorCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static int run(StringWriter err, String... args) {
        var cl = Lampblack.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void registersWithTheTokenRunsAndStopsWhenUninstalled() throws Exception {
        ServerSettings settings = ServerSettings.fromArgs(List.of(
                "--data",
                dir.resolve("server").toString(),
                "--port",
                "0",
                "--bus-port",
                "0",
                "--checkin-seconds",
                "1"));
        try (LampblackServer s = LampblackServer.start(settings)) {
            Path cert = s.dataDir().resolve("tls").resolve("server.crt");
            Path data = dir.resolve("sensor");
            String token = s.registrationToken().orElseThrow();

            int refused = run(
                    new StringWriter(),
                    "sensor",
                    "--server",
                    s.url(),
                    "--cacert",
                    cert.toString(),
                    "--data",
                    data.toString(),
                    "--registration-token",
                    "not-the-token");
            assertEquals(1, refused, "a refused registration ends the sensor");
            assertFalse(Files.exists(data.resolve("identity.json")));

            CompletableFuture<Integer> sensor = CompletableFuture.supplyAsync(() -> run(
                    new StringWriter(),
                    "sensor",
                    "--server",
                    s.url(),
                    "--cacert",
                    cert.toString(),
                    "--data",
                    data.toString(),
                    "--registration-token",
                    token));
            Path identity = data.resolve("identity.json");
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.exists(identity) && System.currentTimeMillis() < deadline) Thread.sleep(100);
            int id = JSON.readTree(identity.toFile()).path("sensor_id").asInt();
            assertTrue(id > 0);

            HttpClient http = SensorClient.httpClient(cert);
            String admin = s.adminToken().orElseThrow();
            HttpResponse<String> put = http.send(
                    HttpRequest.newBuilder(URI.create(s.url() + "/api/v1/sensor/" + id))
                            .header("X-Auth-Token", admin)
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"event_log_flush_time\": null, \"group_id\": 1,"
                                    + " \"network_isolation_enabled\": false, \"notes\": \"\", \"restart_queued\":"
                                    + " false, \"uninstall\": true}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, put.statusCode(), put.body());

            assertEquals(
                    SensorMain.UNINSTALLED,
                    sensor.get(60, TimeUnit.SECONDS),
                    "stopped by the uninstall, with the status that keeps systemd from restarting it");
            assertFalse(Files.exists(data), "its data removed");
            HttpResponse<String> doc = http.send(
                    HttpRequest.newBuilder(URI.create(s.url() + "/api/v1/sensor/" + id))
                            .header("X-Auth-Token", admin)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode d = JSON.readTree(doc.body());
            assertTrue(d.path("uninstalled").asBoolean(), doc.body());
            assertEquals(3, d.path("os_type").asInt(), "registered as Linux");
        }
    }
}
