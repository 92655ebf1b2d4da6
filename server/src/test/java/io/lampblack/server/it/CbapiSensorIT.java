package io.lampblack.server.it;

import static io.lampblack.server.it.SensorIsolationIT.put;
import static io.lampblack.server.it.SensorIsolationIT.saveBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.Simulator;
import io.lampblack.server.sensor.SensorGroup;
import io.lampblack.server.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cbapi-python's sensor calls, replayed request by request as the client sends them (keys sorted, Python's JSON
 * separators): {@code cb.select(Sensor).where("hostname:X").first()}, {@code sensor.isolate()} polling until
 * {@code is_isolating}, {@code sensor.group = g; sensor.save()}; and the list, search and error answers.
 */
class CbapiSensorIT {

    @TempDir
    Path dir;

    @Test
    void selectFirstIsolateAndMoveGroup() throws Exception {
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            Simulator sim = new Simulator(t.sensorClient(), "");
            List<Simulator.SimSensor> sensors = sim.register(3, 11);
            SensorClient.Identity target = sensors.get(1).identity();
            String hostname = "SIM-WIN10-00001";

            // cb.select(Sensor).where("hostname:SIM-WIN10-00001").first()
            TestServer.Response found = t.get(
                    "/api/v2/sensor?hostname=" + hostname + "&rows=1&sort.col=computer_name&sort.dir=asc&start=0");
            assertEquals(200, found.status(), found.text());
            assertEquals(1, found.json().path("total_results").asInt());
            JsonNode first = found.json().path("results").get(0);
            int id = first.path("id").asInt();
            assertEquals(target.sensorId(), id);
            assertEquals(hostname, first.path("computer_name").asText());

            // sensor.isolate(): save (PUT, then refresh GET), then GET every second until is_isolating.
            assertEquals(204, put(t, id, saveBody(null, 1, true, false, false)).status());
            assertFalse(
                    t.get("/api/v1/sensor/" + id).json().path("is_isolating").asBoolean());
            List<Boolean> polls = new ArrayList<>();
            for (int i = 0; i < 3 && !polls.contains(true); i++) {
                sim.checkin(target); // the sensor's check-in, between two of the client's polls
                polls.add(t.get("/api/v1/sensor/" + id)
                        .json()
                        .path("is_isolating")
                        .asBoolean());
            }
            assertEquals(List.of(true), polls, "isolated at the first poll after the sensor's check-in");

            // sensor.group = g; sensor.save(): the six fields with the new group_id, then the refresh GET.
            SensorGroup g = t.server.sensors().registry().createGroup("Finance");
            assertEquals(
                    204, put(t, id, saveBody(null, g.id(), true, false, false)).status());
            JsonNode moved = t.get("/api/v1/sensor/" + id).json();
            assertEquals(g.id(), moved.path("group_id").asInt());
            assertTrue(moved.path("is_isolating").asBoolean(), "a move changes nothing else");
            // SensorGroup.sensors: GET /api/v2/sensor?groupid=<id>
            JsonNode inGroup = t.get("/api/v2/sensor?groupid=" + g.id() + "&rows=100&start=0")
                    .json();
            assertEquals(1, inGroup.path("total_results").asInt());
        }
    }

    @Test
    void listsSearchesAndErrors() throws Exception {
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            Simulator sim = new Simulator(t.sensorClient(), "");
            List<Simulator.SimSensor> sensors = sim.register(3, 12);
            int id = sensors.getFirst().identity().sensorId();

            assertEquals("[]", t.get("/api/v1/sensor?hostname=NOPE").text(), "an empty array, not a 500");
            assertEquals(3, t.get("/api/v1/sensor").json().size());
            assertEquals(1, t.get("/api/v1/sensor?hostname=WIN10-00002").json().size(), "a substring");
            assertEquals(0, t.get("/api/v1/sensor?hostname=win10-00002").json().size(), "case as given");
            JsonNode byIp = t.get("/api/v1/sensor?ip=10.0.0.").json();
            assertEquals(3, byIp.size(), "every simulated host is in 10.0.0.x: " + byIp);

            JsonNode count = t.get("/api/v2/sensor?rows=0&start=0").json();
            assertEquals(3, count.path("total_results").asInt());
            assertEquals(0, count.path("results").size());
            JsonNode page = t.get("/api/v2/sensor?rows=2&sort.col=computer_name&sort.dir=desc&start=1")
                    .json();
            assertEquals(
                    "SIM-WIN10-00001",
                    page.path("results").get(0).path("computer_name").asText());
            assertEquals(2, page.path("results").size());
            JsonNode facets = t.get("/api/v2/sensor?facet=true&facet.field=status&facet.field=group_id&rows=0&start=0")
                    .json()
                    .path("facets");
            assertEquals("Online", facets.path("status").get(0).path("name").asText());
            assertEquals(3, facets.path("status").get(0).path("value").asInt());
            assertEquals("1", facets.path("group_id").get(0).path("name").asText());

            JsonNode stats = t.get("/api/v1/sensor/statistics").json();
            assertEquals(3, stats.path("sensor_count").asInt());
            assertEquals(3, stats.path("active_sensor_count").asInt());

            JsonNode resources =
                    t.get("/api/v1/sensor/" + id + "/resourcestatus").json();
            assertEquals(
                    16L << 30, resources.get(0).path("physical_memory_size").asLong());
            assertEquals(1, t.get("/api/v1/sensor/" + id + "/queued").json().size());
            assertEquals("[]", t.get("/api/v1/sensor/" + id + "/activity").text());

            assertEquals(404, t.get("/api/v1/sensor/99999").status());
            assertEquals(400, t.get("/api/v1/sensor/abc").status());
            assertEquals(400, t.get("/api/v2/sensor?groupid=x").status());
            assertEquals(400, t.get("/api/v2/sensor?sort.col=nope").status());
            TestServer.Response noGroup = put(t, id, saveBody(null, 999, false, false, false));
            assertEquals(400, noGroup.status());
            assertTrue(noGroup.text().contains("group_id"), noGroup.text());
            TestServer.Response badFlush = put(t, id, saveBody("next tuesday", 1, false, false, false));
            assertEquals(400, badFlush.status());
            assertTrue(badFlush.text().contains("event_log_flush_time"), badFlush.text());
            TestServer.Response badType = put(t, id, "{\"network_isolation_enabled\": \"yes\"}");
            assertEquals(400, badType.status());
            assertTrue(badType.text().contains("network_isolation_enabled"), badType.text());
            assertEquals(
                    404, put(t, 99999, saveBody(null, 1, false, false, false)).status());
            assertEquals(
                    1, t.get("/api/v1/sensor/" + id).json().path("group_id").asInt(), "nothing applied");
        }
    }
}
