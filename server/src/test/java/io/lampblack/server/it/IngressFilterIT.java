package io.lampblack.server.it;

import static io.lampblack.server.support.HostEvents.netconn;
import static io.lampblack.server.support.HostEvents.regmod;
import static io.lampblack.server.support.HostEvents.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.protocol.sensor.SensorProtocol.CheckinResponse;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.protocol.sensor.SensorProtocol.UploadResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingress filters as cbapi's {@code IngressFilter} manages them (the exact requests it sends: an array of one
 * object with sorted keys, then a GET of the id it is answered), and what a sensor's uploads then become: filtered
 * processes, their children and their later events never searchable, event-type lists dropping only their events,
 * the upload's answer still counting what was sent, hits counted (and kept over a restart), {@code track_metrics}
 * in {@code /metrics}, and {@code filter_on_sensor} filters handed out at check-in when they changed.
 */
class IngressFilterIT {

    private static final String BASE = "/api/v1/ingress_whitelist";
    private static final String MD5 = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private static TestServer.Response send(TestServer t, String method, String path, String json) throws Exception {
        HttpRequest.BodyPublisher body =
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        return t.send(HttpRequest.newBuilder(URI.create(t.server.url() + path))
                .header("X-Auth-Token", t.token)
                .header("Content-Type", "application/json")
                .method(method, body));
    }

    /** What cbapi's {@code IngressFilter.save()} sends for a new filter: every set field, keys sorted, in an array. */
    private static final String CBAPI_CREATE = "[{\"cmdline_filters\": [], \"description\": \"noisy build tools\","
            + " \"descendant_filtering_level\": 1, \"enabled\": true, \"filter_all_events\": true,"
            + " \"filter_on_sensor\": true, \"filter_on_server\": true, \"global\": true, \"id\": \"noisy-tools\","
            + " \"md5_filters\": [], \"name\": \"noisy\", \"os_mask\": 7,"
            + " \"path_filters\": [\"*\\\\noisy.exe\"], \"priority\": 5, \"track_metrics\": true}]";

    @Test
    void managedAsCbapiDoes() throws Exception {
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            manageAsCbapiDoes(t);
        }
    }

    /** The same in PostgreSQL (a fresh schema, dropped afterwards); skipped when none listens on 127.0.0.1:5432. */
    @Test
    void managedAsCbapiDoesInPostgres() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:5432/test";
        String schema = "lampblack_it_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            c.isValid(5);
        } catch (SQLException e) {
            abort("PostgreSQL is not reachable at 127.0.0.1:5432 (" + e.getMessage() + "); skipping");
        }
        try (TestServer t =
                TestServer.start(dir.resolve("pg"), "db", url, "db-schema", schema, "db-user", "postgres")) {
            manageAsCbapiDoes(t);
        } finally {
            try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                c.createStatement().execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    private static void manageAsCbapiDoes(TestServer t) throws Exception {
        TestServer.Response created = send(t, "POST", BASE, CBAPI_CREATE);
        assertEquals(200, created.status(), created.text());
        assertEquals("[\"noisy-tools\"]", created.text());
        JsonNode f = t.get(BASE + "/noisy-tools").json();
        for (String k : List.of(
                "id",
                "name",
                "description",
                "create_timestamp",
                "modify_timestamp",
                "create_user_id",
                "modify_user_id",
                "version",
                "priority",
                "internal",
                "enabled",
                "filter_on_sensor",
                "filter_on_server",
                "track_metrics",
                "hit_rate",
                "os_mask",
                "global",
                "group_ids",
                "sensor_ids",
                "path_filters",
                "cmdline_filters",
                "md5_filters",
                "descendant_filtering_level",
                "filter_all_events",
                "regmod_filters",
                "modload_filters",
                "filemod_filters",
                "non_binary_filemod_filters",
                "netconn_filters",
                "crossproc_filters")) {
            assertTrue(f.has(k), k);
        }
        assertTrue(f.get("id").isTextual());
        assertEquals("*\\noisy.exe", f.get("path_filters").get(0).asText());
        assertEquals(5, f.get("priority").asInt());
        assertEquals(1, f.get("version").asInt());
        assertEquals(0, f.get("hit_rate").asLong());
        assertEquals("admin", f.get("create_username").asText());

        assertEquals(409, send(t, "POST", BASE, CBAPI_CREATE).status(), "the same id twice");
        TestServer.Response noDescription = send(t, "POST", BASE, "[{\"name\": \"x\"}]");
        assertEquals(400, noDescription.status());
        assertTrue(noDescription.json().get("message").asText().contains("description"));
        TestServer.Response badGroups = send(t, "POST", BASE, "[{\"description\": \"x\", \"group_ids\": \"one\"}]");
        assertEquals(400, badGroups.status());
        assertTrue(badGroups.json().get("message").asText().contains("group_ids"));
        assertEquals(
                400,
                send(t, "POST", BASE, "[{\"description\": \"x\", \"os_mask\": 9}]")
                        .status());
        // 100 patterns of 1,000 characters are within the per-pattern limits but not within the column.
        String longList =
                "[" + String.join(",", java.util.Collections.nCopies(100, "\"" + "a".repeat(1000) + "\"")) + "]";
        TestServer.Response tooLong =
                send(t, "POST", BASE, "[{\"description\": \"x\", \"netconn_filters\": " + longList + "}]");
        assertEquals(400, tooLong.status(), "not a database error");
        assertTrue(tooLong.json().get("message").asText().contains("netconn_filters"));

        // Without an id the server makes one up; the answer is still an array of one id.
        JsonNode generated =
                send(t, "POST", BASE, "[{\"description\": \"plain\"}]").json();
        assertEquals(1, generated.size());
        JsonNode plain = t.get(BASE + "/" + generated.get(0).asText()).json();
        assertTrue(plain.get("global").asBoolean(), "no group and no sensor: every sensor");
        assertTrue(plain.get("enabled").asBoolean());
        assertTrue(plain.get("filter_on_server").asBoolean());
        assertEquals(7, plain.get("os_mask").asInt());
        assertEquals(2, t.get(BASE).json().size());

        // cbapi saves a change with the whole object it holds (id and server fields included).
        ((com.fasterxml.jackson.databind.node.ObjectNode) f).put("enabled", false);
        TestServer.Response put = send(t, "PUT", BASE + "/noisy-tools", f.toString());
        assertEquals(200, put.status(), put.text());
        assertFalse(put.json().get("enabled").asBoolean());
        assertEquals(2, put.json().get("version").asInt());
        assertEquals(
                404, send(t, "PUT", BASE + "/nope", "{\"description\": \"x\"}").status());

        TestServer.Response deleted = send(t, "DELETE", BASE + "/noisy-tools", null);
        assertEquals(200, deleted.status());
        assertEquals("success", deleted.json().get("result").asText());
        assertEquals(404, t.get(BASE + "/noisy-tools").status());
        assertEquals(404, send(t, "DELETE", BASE + "/noisy-tools", null).status());
    }

    @Test
    void filteredEventsNeverReachTheIndexAndHitsAreCounted() throws Exception {
        Path data = dir.resolve("data");
        try (TestServer t = TestServer.start(data)) {
            assertEquals(200, send(t, "POST", BASE, CBAPI_CREATE).status());
            assertEquals(
                    200,
                    send(
                                    t,
                                    "POST",
                                    BASE,
                                    "[{\"description\": \"telemetry\", \"filter_all_events\": false, \"id\": \"tele\","
                                            + " \"netconn_filters\": [\"*.telemetry.example\"]}]")
                            .status());
            SensorClient client = t.sensorClient();
            RegisterResponse reg = client.register(
                    new RegisterRequest("FILTERHOST", "filterhost", "windows", "workstation", "test", "", "1", 1), "");
            SensorClient.Identity id = new SensorClient.Identity(reg.sensorId(), reg.secret());

            List<CbEventMsg> first = List.of(
                    start(100, 0, "c:\\tools\\noisy.exe", "noisy --build", MD5),
                    netconn(100, "www.example", "10.0.0.1", 443),
                    start(101, 100, "c:\\windows\\system32\\conhost.exe", "conhost", MD5),
                    start(102, 101, "c:\\windows\\system32\\whoami.exe", "whoami", MD5),
                    start(200, 0, "c:\\windows\\explorer.exe", "explorer", MD5),
                    netconn(200, "eu.telemetry.example", "10.0.0.2", 443),
                    netconn(200, "www.example", "10.0.0.3", 443));
            UploadResponse up = client.upload(id, "filter-1", EventLogWriter.frame(first));
            assertEquals(7, up.events(), "the sensor is told what it sent, dropped events included");
            assertEquals(
                    7,
                    client.upload(id, "filter-1", EventLogWriter.frame(first)).events(),
                    "a re-send is recognised and answered alike");
            byte[] allFiltered = EventLogWriter.frame(List.of(regmod(100, "hklm\\software\\noisy")));
            assertEquals(1, client.upload(id, "filter-2", allFiltered).events());
            assertTrue(
                    client.upload(id, "filter-2", allFiltered).duplicate(),
                    "an upload that lost every event is journaled all the same, so its re-send is recognised");
            t.server.ingest().pipeline().awaitIndexed(60_000);

            assertEquals(0, total(t, "process_name:noisy.exe"));
            assertEquals(0, total(t, "process_name:conhost.exe"), "a child, one generation below");
            assertEquals(1, total(t, "process_name:whoami.exe"), "a grandchild is beyond level 1");
            assertEquals(1, total(t, "process_name:explorer.exe"));
            assertEquals(0, total(t, "domain:eu.telemetry.example"));
            assertEquals(1, total(t, "domain:www.example"), "noisy.exe's connection went with it");
            assertEquals(
                    2,
                    total(t, "hostname:filterhost"),
                    "whoami and explorer only: noisy.exe's regmod of a later upload was dropped too");

            assertEquals(4, t.get(BASE + "/noisy-tools").json().get("hit_rate").asLong());
            assertEquals(1, t.get(BASE + "/tele").json().get("hit_rate").asLong());
            String metrics = t.get("/metrics").text();
            assertTrue(metrics.contains("lampblack_ingress_filter_hits_total{filter=\"noisy-tools\"} 4.0"), metrics);
            assertFalse(metrics.contains("filter=\"tele\""), "only filters with track_metrics get a meter");
            assertTrue(metrics.contains("lampblack_ingress_dropped_filtered_total 5.0"));

            // filter_on_sensor: handed out at check-in, then not again while the sensor holds that version.
            CheckinResponse c = client.checkin(id, List.of());
            assertNotNull(c.ingressFilters());
            assertEquals(1, c.ingressFilters().filters().size());
            assertEquals("noisy-tools", c.ingressFilters().filters().getFirst().id());
            assertNull(checkin(t, id, c.ingressFilters().version()).ingressFilters());
            JsonNode f = t.get(BASE + "/noisy-tools").json();
            ((com.fasterxml.jackson.databind.node.ObjectNode) f).put("descendant_filtering_level", 2);
            send(t, "PUT", BASE + "/noisy-tools", f.toString());
            assertEquals(
                    2,
                    checkin(t, id, c.ingressFilters().version())
                            .ingressFilters()
                            .filters()
                            .getFirst()
                            .descendantFilteringLevel(),
                    "a change reaches the sensor");
            t.server.ingest().pipeline().awaitIndexed(60_000);
        }
        try (TestServer t = TestServer.start(data)) {
            assertEquals(4, t.get(BASE + "/noisy-tools").json().get("hit_rate").asLong(), "hits kept over a restart");
            t.server.ingest().pipeline().awaitIndexed(60_000);
            assertEquals(
                    2,
                    total(t, "hostname:filterhost"),
                    "what the journal holds, replayed or not, is only what was kept");
        }
    }

    private static long total(TestServer t, String q) throws Exception {
        return t.get(TestServer.processQuery(q, "")).json().get("total_results").asLong();
    }

    /** A check-in that says which filter version the sensor holds (the client library does not send it). */
    private static CheckinResponse checkin(TestServer t, SensorClient.Identity id, String filterVersion)
            throws Exception {
        TestServer.Response r = t.send(HttpRequest.newBuilder(URI.create(t.server.url() + SensorProtocol.CHECKIN))
                .header(SensorProtocol.HEADER_SENSOR_ID, Integer.toString(id.sensorId()))
                .header(SensorProtocol.HEADER_SENSOR_SECRET, id.secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"acked_actions\": [], \"ingress_filter_version\": \"" + filterVersion + "\"}")));
        assertEquals(200, r.status(), r.text());
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.body(), CheckinResponse.class);
    }
}
