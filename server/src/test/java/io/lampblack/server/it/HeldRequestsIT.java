package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Result;
import io.lampblack.protocol.sensor.LiveResponseProtocol.SessionInfo;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.support.LiveResponseCalls;
import io.lampblack.server.support.RawHttps;
import io.lampblack.server.support.TestLiveSensor;
import io.lampblack.server.support.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the server holds on purpose (a {@code ?wait=true} read of a live-response command, the sensor's long poll)
 * last as long as their wait, not as long as the connection's idle timeout ({@code --idle-seconds}), although nothing
 * is sent or received while they are held. (Jetty's idle timeout, with no read or write pending, fails only the
 * request's later reads; these handlers have read their bodies before they wait. This test guards that across Jetty
 * upgrades.) Once answered, the connection is idle again and closed after the idle timeout.
 */
class HeldRequestsIT {

    /** The connection's idle timeout of this server; each request here is held about twice as long. */
    private static final String IDLE_SECONDS = "5";

    private static final int HELD_SECONDS = 10;

    @TempDir
    static Path data;

    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(data, "idle-seconds", IDLE_SECONDS);
    }

    @AfterAll
    static void stop() {
        if (s != null) s.close();
    }

    @Test
    void aCommandReadWithWaitIsAnsweredWhenTheCommandCompletesAfterTheIdleTimeout() throws Exception {
        TestLiveSensor registered = TestLiveSensor.register(s, "HELD-1", 1, true);
        CountDownLatch analystWaits = new CountDownLatch(1);
        Thread sensor = Thread.ofVirtual().start(() -> slowSensor(registered, analystWaits));
        try {
            LiveResponseCalls lr = new LiveResponseCalls(s, s.token);
            long sid = lr.activeSession(registered.id.sensorId()).get("id").asLong();
            long cid = lr.ok(
                            "POST",
                            LiveResponseCalls.BASE + "/" + sid + "/command",
                            "{\"name\": \"kill\", \"object\": 4}")
                    .get("id")
                    .asLong();
            analystWaits.countDown();
            // One read, held until the sensor answers (it waits HELD_SECONDS first): it must not break.
            JsonNode c = lr.ok("GET", LiveResponseCalls.BASE + "/" + sid + "/command/" + cid + "?wait=true", null);
            assertEquals("complete", c.get("status").asText(), c.toString());
        } finally {
            sensor.interrupt();
            sensor.join();
        }
    }

    @Test
    void aSensorsPollHeldPastTheIdleTimeoutIsAnsweredAndTheConnectionThenClosesWhenIdle() throws Exception {
        TestLiveSensor registered = TestLiveSensor.register(s, "HELD-2", 1, true);
        // No session: the poll is held for its whole wait (up to a fifth less) and answered without work.
        assertEquals(
                List.of(),
                registered.client.pollLiveResponse(registered.id, HELD_SECONDS).work());

        // The same on a connection of its own: it carries a next request after the held one, and the server closes
        // it once it has been idle.
        try (SSLSocket raw = RawHttps.open(URI.create(s.server.url()), 60_000)) {
            for (int wait : new int[] {HELD_SECONDS, 1}) {
                RawHttps.Response r = poll(raw, registered, wait);
                assertEquals(200, r.status(), r.head() + r.text());
                assertEquals(0, json(r).get("work").size(), r.text());
            }
            assertTrue(RawHttps.closedByServer(raw), "the connection stayed open, idle, after the polls' answers");
        }
    }

    private static RawHttps.Response poll(SSLSocket raw, TestLiveSensor sensor, int waitSeconds) throws IOException {
        byte[] body = ("{\"wait_seconds\": " + waitSeconds + "}").getBytes(StandardCharsets.UTF_8);
        OutputStream out = raw.getOutputStream();
        out.write(("POST " + LiveResponseProtocol.POLL + " HTTP/1.1\r\nHost: localhost\r\nX-Sensor-Id: "
                        + sensor.id.sensorId() + "\r\nX-Sensor-Secret: " + sensor.id.secret()
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        return RawHttps.read(raw.getInputStream());
    }

    private static JsonNode json(RawHttps.Response r) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }

    /**
     * A sensor whose polls are short (each well within the idle timeout), and which answers a command only
     * {@link #HELD_SECONDS} after the analyst started waiting for it.
     */
    private static void slowSensor(TestLiveSensor registered, CountDownLatch analystWaits) {
        SensorClient client = registered.client;
        SensorClient.Identity id = registered.id;
        try {
            while (true) {
                for (Work w : client.pollLiveResponse(id, 1).work()) {
                    if (w.type().equals(LiveResponseProtocol.OPEN)) {
                        client.liveResponseResult(
                                id,
                                Result.opened(
                                        w.sessionId(),
                                        new SessionInfo(LiveResponseProtocol.ALL_COMMANDS, List.of("C:\\"), "C:\\")));
                    } else if (w.type().equals(LiveResponseProtocol.COMMAND)) {
                        Thread.ofVirtual().start(() -> {
                            try {
                                analystWaits.await();
                                Thread.sleep(HELD_SECONDS * 1000L);
                                client.liveResponseResult(id, Result.complete(w.sessionId(), w.commandId(), null));
                            } catch (InterruptedException | IOException e) {
                                // The test ended.
                            }
                        });
                    }
                }
            }
        } catch (InterruptedException e) {
            // The test ended.
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
