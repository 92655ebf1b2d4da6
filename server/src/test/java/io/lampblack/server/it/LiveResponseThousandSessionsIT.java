package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.support.LiveResponseCalls;
import io.lampblack.server.support.TestLiveSensor;
import io.lampblack.server.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --lr-max-sessions 1000}, a thousand sensors each hold a poll and an active session at once, and a
 * command issued in every session at the same time completes in each. Tagged {@code large} with the 2 GiB test.
 */
@Tag("large")
class LiveResponseThousandSessionsIT {

    static final int SENSORS = 1000;

    @TempDir
    Path data;

    @Test
    void aThousandSessionsAreHeldAndAnswered() throws Exception {
        List<TestLiveSensor> sensors = new ArrayList<>();
        try (TestServer s = TestServer.start(data, "lr-max-sessions", Integer.toString(SENSORS));
                ExecutorService clients = Executors.newFixedThreadPool(32)) {
            try {
                for (int i = 0; i < SENSORS; i++)
                    sensors.add(
                            TestLiveSensor.register(s, "LR-MANY-" + i, 1, true).start());
                LiveResponseCalls lr = new LiveResponseCalls(s, s.token);
                List<Future<Long>> opened = new ArrayList<>();
                for (TestLiveSensor t : sensors) {
                    opened.add(clients.submit(
                            () -> lr.activeSession(t.id.sensorId()).get("id").asLong()));
                }
                List<Long> ids = new ArrayList<>();
                for (Future<Long> f : opened) ids.add(f.get());
                assertEquals(
                        SENSORS,
                        lr.ok("GET", LiveResponseCalls.BASE + "?active_only=true", null)
                                .size());
                assertEquals(SENSORS, s.server.liveResponse().liveResponse().openSessions());

                List<Future<JsonNode>> runs = new ArrayList<>();
                for (long id : ids) runs.add(clients.submit(() -> lr.run(id, "{\"name\": \"process list\"}")));
                for (Future<JsonNode> f : runs) {
                    JsonNode c = f.get();
                    assertEquals("complete", c.get("status").asText(), c.toString());
                    assertEquals(2, c.get("processes").size());
                }
            } finally {
                sensors.forEach(TestLiveSensor::close);
            }
        }
    }
}
