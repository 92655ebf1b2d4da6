package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SimulatedEndpoint;
import io.lampblack.sensor.simulate.Simulator;
import io.lampblack.server.support.MutableClock;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round trip of a request to a sensor, through the real API and sensor protocol with the simulator playing the
 * sensor: the request is stored at once, the sensor receives it at its next check-in (told to hurry), and the state
 * it is about changes only when the sensor reports it carried it out; a failure leaves the state and says why.
 */
class SensorIsolationIT {

    @TempDir
    Path dir;

    static TestServer.Response put(TestServer t, int sensorId, String body) throws Exception {
        return t.send(HttpRequest.newBuilder(URI.create(t.server.url() + "/api/v1/sensor/" + sensorId))
                .header("X-Auth-Token", t.token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The body cbapi's {@code Sensor.save()} sends: the six fields, keys sorted, Python's separators. */
    static String saveBody(String flush, int group, boolean isolation, boolean restart, boolean uninstall) {
        return "{\"event_log_flush_time\": " + (flush == null ? "null" : "\"" + flush + "\"") + ", \"group_id\": "
                + group + ", \"network_isolation_enabled\": " + isolation + ", \"notes\": \"\", \"restart_queued\": "
                + restart + ", \"uninstall\": " + uninstall + "}";
    }

    static JsonNode sensor(TestServer t, int id) throws Exception {
        TestServer.Response r = t.get("/api/v1/sensor/" + id);
        assertEquals(200, r.status(), r.text());
        return r.json();
    }

    @Test
    void isolationFlipsOnlyWhenTheSensorConfirms() throws Exception {
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            Simulator sim = new Simulator(t.sensorClient(), "");
            SensorClient.Identity id = sim.register(1, 1).getFirst().identity();
            SimulatedEndpoint host = sim.endpoint(id);
            int sid = id.sensorId();

            assertEquals(204, put(t, sid, saveBody(null, 1, true, false, false)).status());
            JsonNode asked = sensor(t, sid);
            assertTrue(asked.path("network_isolation_enabled").asBoolean(), "the request is visible at once");
            assertFalse(asked.path("is_isolating").asBoolean(), "not isolating before the sensor confirms");

            // An upload's answer tells the sensor to hurry; the check-in answer carries the actions and no header
            // (a sensor obeying it there would check in again at once, in a loop). Carrying the action out is not
            // confirming it.
            SensorClient uploader = t.sensorClient();
            uploader.upload(id, "hurry-1", new io.lampblack.sensor.simulate.SyntheticHost(7).nextUpload(1));
            assertTrue(uploader.checkinNowHinted(sid), "X-Lampblack-Checkin-Now while an action waits");
            SensorClient.Checkin first = sim.checkinOnce(id, host);
            assertFalse(first.checkinNow(), "no X-Lampblack-Checkin-Now on the check-in answer itself");
            assertEquals(5, first.response().checkinIntervalSeconds(), "a shorter interval while actions wait");
            assertEquals(
                    SensorProtocol.ISOLATE,
                    first.response().actions().getFirst().type());
            host.carryOut(first.response().actions());
            assertFalse(sensor(t, sid).path("is_isolating").asBoolean(), "carried out but not yet reported");

            SensorClient.Checkin reported = sim.checkinOnce(id, host);
            assertTrue(reported.response().actions().isEmpty());
            assertFalse(reported.checkinNow());
            assertEquals(30, reported.response().checkinIntervalSeconds());
            assertTrue(sensor(t, sid).path("is_isolating").asBoolean());
            assertTrue(host.isolated());

            assertEquals(
                    204, put(t, sid, saveBody(null, 1, false, false, false)).status());
            assertTrue(sensor(t, sid).path("is_isolating").asBoolean(), "still isolated until confirmed");
            assertEquals(1, sim.checkin(id));
            JsonNode released = sensor(t, sid);
            assertFalse(released.path("is_isolating").asBoolean());
            assertFalse(released.path("network_isolation_enabled").asBoolean());
            assertFalse(host.isolated());
        }
    }

    @Test
    void theSimulatorSendsBackWhatItHoldsSoCheckinsCarryNoRepeats() throws Exception {
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            Simulator sim = new Simulator(t.sensorClient(), "");
            SensorClient.Identity id = sim.register(1, 6).getFirst().identity();
            SimulatedEndpoint host = sim.endpoint(id);
            assertFalse(host.configVersion().isEmpty(), "registration's check-in handed out the group config");
            SensorClient.Checkin again = sim.checkinOnce(id, host);
            assertNull(again.response().config(), "the config is not sent again");
            assertNull(again.response().banList(), "nor the ban list");
            assertNull(again.response().ingressFilters(), "nor the ingress filters");
        }
    }

    @Test
    void aFailureLeavesTheStateAndIsVisible() throws Exception {
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            Simulator sim = new Simulator(t.sensorClient(), "");
            SensorClient.Identity id = sim.register(1, 2).getFirst().identity();
            int sid = id.sensorId();
            sim.endpoint(id).failNext(SensorProtocol.ISOLATE, "isolation driver not loaded");

            assertEquals(204, put(t, sid, saveBody(null, 1, true, false, false)).status());
            assertEquals(1, sim.checkin(id));
            JsonNode s = sensor(t, sid);
            assertFalse(s.path("is_isolating").asBoolean());
            assertFalse(s.path("network_isolation_enabled").asBoolean(), "the failed request is over");
            assertEquals(
                    "isolate failed: isolation driver not loaded",
                    s.path("sensor_health_message").asText());
            assertTrue(s.path("sensor_health_status").asInt() < 100);
            JsonNode activity = t.get("/api/v1/sensor/" + sid + "/activity").json();
            assertEquals("failed", activity.get(0).path("status").asText());
            assertEquals(
                    "isolation driver not loaded",
                    activity.get(0).path("message").asText());
        }
    }

    @Test
    void flushRestartAndUninstallChangeWhenConfirmed() throws Exception {
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            Simulator sim = new Simulator(t.sensorClient(), "");
            SensorClient.Identity id = sim.register(1, 3).getFirst().identity();
            int sid = id.sensorId();
            SimulatedEndpoint host = sim.endpoint(id);

            assertEquals(
                    204,
                    put(t, sid, saveBody("Tue, 05 Feb 2036 10:00:00 GMT", 1, false, true, false))
                            .status());
            JsonNode asked = sensor(t, sid);
            assertTrue(asked.path("restart_queued").asBoolean());
            assertTrue(asked.path("event_log_flush_time").isNull(), "no flush confirmed yet");
            assertEquals(2, sim.checkin(id));
            JsonNode done = sensor(t, sid);
            assertFalse(done.path("restart_queued").asBoolean(), "the restart was carried out");
            assertEquals(
                    "2036-02-05 10:00:00.000000+00:00",
                    done.path("event_log_flush_time").asText());
            // The whole document sent back (its confirmed flush time, in the form a GET shows) asks no new flush.
            assertEquals(
                    204,
                    put(t, sid, saveBody("2036-02-05 10:00:00.000000+00:00", 1, false, false, false))
                            .status());
            assertEquals(0, sim.checkin(id), "no spurious flush");
            assertEquals(1, host.flushes());
            assertEquals(1, host.restarts());
            assertEquals(1, host.flushes());

            assertEquals(204, put(t, sid, saveBody(null, 1, false, false, true)).status());
            assertTrue(sensor(t, sid).path("uninstall").asBoolean());
            assertFalse(sensor(t, sid).path("uninstalled").asBoolean());
            assertEquals(1, sim.checkin(id));
            JsonNode gone = sensor(t, sid);
            assertTrue(gone.path("uninstalled").asBoolean());
            assertEquals("Uninstalled", gone.path("status").asText());
            assertTrue(host.uninstalled());
        }
    }

    @Test
    void requestsAndCheckinsSurviveARestart() throws Exception {
        Path data = dir.resolve("data");
        SensorClient.Identity id;
        try (TestServer t = TestServer.start(data)) {
            Simulator sim = new Simulator(t.sensorClient(), "");
            id = sim.register(1, 4).getFirst().identity();
            assertEquals(
                    204,
                    put(t, id.sensorId(), saveBody(null, 1, true, false, false)).status());
        }
        try (TestServer t = TestServer.start(data)) {
            JsonNode s = sensor(t, id.sensorId());
            assertTrue(s.path("network_isolation_enabled").asBoolean());
            assertFalse(s.path("last_checkin_time").isNull(), "the check-in written on close");
            assertEquals("16 GiB", (s.path("physical_memory_size").asLong() >> 30) + " GiB", "facts kept");
            Simulator sim = new Simulator(t.sensorClient(), "");
            assertEquals(1, sim.checkin(id), "the pending isolation is delivered after the restart");
            assertTrue(sensor(t, id.sensorId()).path("is_isolating").asBoolean());
        }
    }

    @Test
    void onlineUntilTwoIntervalsAndGracePass() throws Exception {
        MutableClock clock = MutableClock.at("2026-01-05T10:00:00Z");
        try (TestServer t = TestServer.start(dir.resolve("data"), clock)) {
            Simulator sim = new Simulator(t.sensorClient(), "");
            int sid = sim.register(1, 5).getFirst().identity().sensorId();
            JsonNode s = sensor(t, sid);
            assertEquals("Online", s.path("status").asText());
            assertEquals(
                    "2026-01-05 10:00:30.000000+00:00",
                    s.path("next_checkin_time").asText());
            clock.advance(Duration.ofSeconds(90));
            assertEquals("Online", sensor(t, sid).path("status").asText(), "2 x 30 s + 30 s grace");
            clock.set(Instant.parse("2026-01-05T10:01:31Z"));
            assertEquals("Offline", sensor(t, sid).path("status").asText());
        }
    }
}
