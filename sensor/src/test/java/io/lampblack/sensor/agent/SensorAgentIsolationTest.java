package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.isolation.HostIsolation;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An isolated sensor keeps its isolation following the server's address even when no check-in is answered: the
 * address may have changed, and only a refresh (which resolves the server's name afresh) lets the check-ins through.
 */
class SensorAgentIsolationTest {

    @TempDir
    Path dir;

    private HttpServer http;
    private SensorAgent agent;
    /** Whether the server answers check-ins; else 503. */
    private volatile boolean up;

    private final AtomicInteger failedCheckins = new AtomicInteger();

    /** An isolated host that counts how often the isolation was applied again. */
    private static final class Isolated implements HostIsolation {
        final AtomicInteger isolations = new AtomicInteger();

        @Override
        public boolean supported() {
            return true;
        }

        @Override
        public Outcome isolate(InetSocketAddress server, List<String> exclusions) {
            isolations.incrementAndGet();
            return new Outcome(true, "isolated (test)");
        }

        @Override
        public Outcome unisolate() {
            return new Outcome(false, "not in this test");
        }

        @Override
        public boolean isolated() {
            return true;
        }
    }

    @AfterEach
    void stop() {
        if (agent != null) agent.close();
        if (http != null) http.stop(0);
    }

    @Test
    void theIsolationIsRefreshedAtStartAndWhileCheckinsFailNotOnlyAfterAnAnswer() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext(SensorProtocol.CHECKIN, ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                byte[] body = (up
                                ? "{\"actions\": [], \"checkin_interval_seconds\": 1}"
                                : "{\"reason\": \"server_busy\", \"message\": \"down\"}")
                        .getBytes(StandardCharsets.UTF_8);
                if (!up) failedCheckins.incrementAndGet();
                ex.sendResponseHeaders(up ? 200 : 503, body.length);
                ex.getResponseBody().write(body);
            }
        });
        http.start();
        URI server = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
        Path data = dir.resolve("sensor");
        DataDirectory.claim(data).close(); // a sensor's directory, as an earlier run left it
        new IdentityFile(data).write(new SensorClient.Identity(5, "secret"), server.toString());
        Isolated isolation = new Isolated();

        agent = SensorAgent.start(
                new SensorClient(server, HttpClient.newHttpClient()),
                server,
                new SensorAgent.Settings(data, "", 1, 1 << 20, Duration.ofMillis(200), EventBatcher.Limits.DEFAULT)
                        .withMaxBackoff(Duration.ofMillis(200)),
                new SensorAgent.Parts((sink, id) -> Placeholders.noTelemetry(), isolation, Optional.empty()));

        await("the isolation refreshed at start-up", () -> isolation.isolations.get() >= 1);
        assertEquals(Optional.empty(), agent.lastCheckin(), "before any check-in was answered");

        up = true; // answered: the interval is a second from now on
        await("a check-in answered", () -> agent.lastCheckin().isPresent());
        up = false;
        await("a check-in failed", () -> failedCheckins.get() > 0);
        Instant lastAnswered = agent.lastCheckin().orElseThrow();
        int before = isolation.isolations.get();
        await("refreshed twice more while check-ins fail", () -> isolation.isolations.get() >= before + 2);
        assertEquals(lastAnswered, agent.lastCheckin().orElseThrow(), "no check-in was answered meanwhile");
    }

    /** Waits for the condition; the deadline only keeps a broken sensor from hanging the build. */
    private static void await(String what, Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!condition.call() && Instant.now().isBefore(deadline)) Thread.sleep(20);
        assertTrue(condition.call(), what);
    }
}
