package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.auth.AuditLog;
import io.lampblack.server.support.MutableClock;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage partitions through a real server: rolls on request and by the server clock, searches over every mounted
 * partition, unmount/mount/delete, retention, and the state across a restart.
 */
class PartitionsIT {

    private static final String STORAGE = "/api/v1/storage/events";

    @TempDir
    Path data;

    final MutableClock clock = MutableClock.at("2024-03-01T10:00:00Z");

    /** Maintenance runs only when a test calls it. */
    private TestServer start(String... extra) throws Exception {
        List<String> settings = new ArrayList<>(List.of("partition-check-seconds", "86400"));
        settings.addAll(List.of(extra));
        return TestServer.start(data, clock, settings.toArray(new String[0]));
    }

    private static SensorClient.Identity register(TestServer s, String host) throws Exception {
        var r = s.sensorClient()
                .register(new RegisterRequest(host, null, "windows", "workstation", null, null, null, 1), "");
        return new SensorClient.Identity(r.sensorId(), r.secret());
    }

    private static void upload(TestServer s, SensorClient.Identity id, String uploadId, byte[] body) throws Exception {
        s.sensorClient().upload(id, uploadId, body);
        s.server.ingest().pipeline().awaitIndexed(60_000);
    }

    private static long total(TestServer s) throws Exception {
        return s.get("/api/v1/process?q=&rows=0").json().get("total_results").asLong();
    }

    private static JsonNode listing(TestServer s) throws Exception {
        TestServer.Response r = s.get(STORAGE + "/partition");
        assertEquals(200, r.status(), r.text());
        return r.json();
    }

    private static TestServer.Response post(TestServer s, String path) throws Exception {
        // cbapi sends the literal body null
        return s.send(HttpRequest.newBuilder(URI.create(s.server.url() + path))
                .header("X-Auth-Token", s.token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("null")));
    }

    private static TestServer.Response delete(TestServer s, String path) throws Exception {
        return s.send(HttpRequest.newBuilder(URI.create(s.server.url() + path))
                .header("X-Auth-Token", s.token)
                .DELETE());
    }

    @Test
    void rollOnRequestThenUnmountMountDeleteAcrossARestart() throws Exception {
        SyntheticHost host = new SyntheticHost(31);
        SensorClient.Identity id;
        String rolled;
        long before;
        long after;
        long rollMillis;
        Path rolledDir;
        long newestSegment;
        try (TestServer s = start()) {
            id = register(s, "PART-HOST");
            for (int i = 0; i < 4; i++) upload(s, id, "a-" + i, host.nextUpload(300));
            before = total(s);
            assertTrue(before > 0);
            JsonNode writer = listing(s).get("writer");
            assertEquals("hot", writer.get("status").asText());
            assertEquals(before, writer.get("info").get("numDocs").asLong());
            assertTrue(writer.get("info").get("endDate").isNull());

            clock.advance(Duration.ofHours(1));
            rollMillis = clock.millis();
            TestServer.Response r = post(s, STORAGE + "/new_partition");
            assertEquals(200, r.status(), r.text());
            rolled = r.json().get("name").asText();
            assertEquals("cbevents_2024_03_01_1100", rolled);
            assertEquals("warm", r.json().get("status").asText());

            JsonNode list = listing(s);
            assertEquals(2, list.size());
            JsonNode warm = list.get(rolled).get("info");
            assertEquals(before, warm.get("numDocs").asLong());
            assertEquals("2024-03-01T10:00:00.000Z", warm.get("startDate").asText());
            assertEquals("2024-03-01T11:00:00.000Z", warm.get("endDate").asText());
            assertTrue(warm.get("sizeInBytes").asLong() > 0);
            assertTrue(warm.get("segmentCount").asInt() > 0);
            assertEquals("cbevents_v2", warm.get("schema").asText());
            assertFalse(warm.get("isLegacy").asBoolean());
            assertEquals(0, list.get("writer").get("info").get("numDocs").asLong());
            assertEquals(
                    "2024-03-01T11:00:00.000Z",
                    list.get("writer").get("info").get("startDate").asText());
            rolledDir = Path.of(warm.get("dir").asText());
            assertTrue(Files.isDirectory(rolledDir));

            clock.advance(Duration.ofHours(1));
            for (int i = 0; i < 4; i++) upload(s, id, "b-" + i, host.nextUpload(300));
            after = listing(s).get("writer").get("info").get("numDocs").asLong();
            assertTrue(after > 0);
            assertEquals(before + after, total(s), "one search covers the warm partition and the writer");
            assertProcessSpansBothPartitions(s, rollMillis);

            TestServer.Response un = post(s, STORAGE + "/" + rolled + "/unmount");
            assertEquals(200, un.status(), un.text());
            assertEquals("cold", un.json().get("status").asText());
            assertEquals(after, total(s), "a cold partition is not searched");
            assertEquals("cold", listing(s).get(rolled).get("status").asText());
            assertEquals(
                    before, listing(s).get(rolled).get("info").get("numDocs").asLong());
            assertTrue(Files.isDirectory(rolledDir), "a cold partition stays on disk");

            assertEquals(409, post(s, STORAGE + "/writer/unmount").status());
            assertEquals(409, delete(s, STORAGE + "/writer").status());
            assertEquals(404, delete(s, STORAGE + "/cbevents_1999_01_01_0000").status());
            assertEquals(
                    404, post(s, STORAGE + "/cbevents_1999_01_01_0000/mount").status());

            TestServer.Response m = post(s, STORAGE + "/" + rolled + "/mount");
            assertEquals(200, m.status(), m.text());
            assertEquals("warm", m.json().get("status").asText());
            assertTrue(m.json().get("info").get("userMounted").asBoolean());
            assertEquals(before + after, total(s));

            newestSegment = newestSegmentId(s);
            assertEquals(200, post(s, STORAGE + "/" + rolled + "/unmount").status());
            List<String> audited = s.server.access().audit().recent(100).stream()
                    .map(e -> e.method() + " " + e.path())
                    .toList();
            assertTrue(audited.contains("POST " + STORAGE + "/new_partition"), audited.toString());
            assertTrue(audited.contains("POST " + STORAGE + "/" + rolled + "/mount"), audited.toString());
        }

        // The server clock steps back a day over the restart: receipt times must still go on increasing.
        clock.advance(Duration.ofDays(-1));
        try (TestServer s = start()) {
            assertEquals("cold", listing(s).get(rolled).get("status").asText(), "partition state survives a restart");
            assertEquals(after, total(s));
            assertEquals(200, post(s, STORAGE + "/" + rolled + "/mount").status());
            assertEquals(before + after, total(s));

            upload(s, id, "c-0", host.nextUpload(300));
            long newestNow = newestSegmentId(s);
            assertTrue(
                    newestNow > newestSegment,
                    "receipt times (segment ids) continue after the newest one in any "
                            + "partition although the clock went back: " + newestNow + " after " + newestSegment);
            long withC = total(s);
            assertTrue(withC > before + after);

            TestServer.Response d = delete(s, STORAGE + "/" + rolled);
            assertEquals(200, d.status(), d.text());
            assertFalse(listing(s).has(rolled));
            assertFalse(Files.exists(rolledDir), "deleting a partition removes its directory");
            assertEquals(withC - before, total(s));
            List<String> audited = s.server.access().audit().recent(100).stream()
                    .map(AuditLog.Entry::path)
                    .toList();
            assertTrue(audited.contains(STORAGE + "/" + rolled), audited.toString());
        }
    }

    private static long newestSegmentId(TestServer s) throws Exception {
        long max = 0;
        for (JsonNode d : s.get("/api/v1/process?q=&rows=100000").json().get("results"))
            max = Math.max(max, d.get("segment_id").asLong());
        return max;
    }

    /** A long-running process has segments on both sides of the roll, and its segment list shows all of them. */
    private static void assertProcessSpansBothPartitions(TestServer s, long rollMillis) throws Exception {
        Map<String, List<Long>> segments = new HashMap<>();
        for (JsonNode d : s.get("/api/v1/process?q=&rows=100000").json().get("results")) {
            segments.computeIfAbsent(d.get("id").asText(), k -> new ArrayList<>())
                    .add(d.get("segment_id").asLong());
        }
        String spanning = segments.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(t -> t < rollMillis)
                        && e.getValue().stream().anyMatch(t -> t > rollMillis))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the synthetic host has long-running processes"));
        JsonNode list = s.get("/api/v1/process/" + spanning + "/segment")
                .json()
                .get("process")
                .get("segments");
        assertEquals(segments.get(spanning).size(), list.size());
        JsonNode summary = s.get("/api/v1/process/" + spanning + "/0").json();
        assertTrue(summary.has("process"), summary.toString());
    }

    @Test
    void theServerClockRollsTheWriterAndRetentionDeletesByAge() throws Exception {
        SyntheticHost host = new SyntheticHost(32);
        try (TestServer s = start("partition-days", "3", "partition-retention-days", "7")) {
            SensorClient.Identity id = register(s, "CLOCK-HOST");
            upload(s, id, "a", host.nextUpload(200));
            long first = total(s);
            var maintenance = s.server.partitions().maintenance();

            assertTrue(maintenance.check().isEmpty());
            assertEquals(1, listing(s).size(), "not due yet");

            clock.advance(Duration.ofDays(3));
            maintenance.check();
            JsonNode list = listing(s);
            assertEquals(2, list.size(), "rolled after 3 days: " + list);
            String firstRolled = "cbevents_2024_03_04_1000";
            assertTrue(list.has(firstRolled), list.toString());

            clock.advance(Duration.ofDays(3));
            maintenance.check();
            list = listing(s);
            assertEquals(2, list.size(), "an empty writer does not roll on the timer");
            assertEquals(
                    "2024-03-07T10:00:00.000Z",
                    list.get("writer").get("info").get("startDate").asText(),
                    "its period restarts instead");

            clock.advance(Duration.ofHours(1));
            upload(s, id, "b", host.nextUpload(200));
            clock.advance(Duration.ofDays(3));
            maintenance.check();
            list = listing(s);
            assertEquals(3, list.size(), list.toString());
            assertTrue(list.has("cbevents_2024_03_10_1100"), list.toString());
            assertTrue(total(s) > first);

            clock.set(Instant.parse("2024-03-11T10:00:00.001Z"));
            assertEquals(List.of(firstRolled), maintenance.check(), "rolled more than 7 days ago");
            list = listing(s);
            assertFalse(list.has(firstRolled));
            assertEquals(2, list.size());
        }
    }
}
