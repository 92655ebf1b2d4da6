package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.support.ApiCalls;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Investigations and tagged events through the HTTPS API, with the requests cbapi sends: {@code
 * cb.select(Investigation)}, {@code investigation.events}, a new {@code TaggedEvent} saved and changed, and the shapes
 * of reference §5.14. A tagged event must name an existing investigation and an indexed process (400 naming the
 * field otherwise); unknown ids in paths are 404.
 */
class InvestigationIT {

    @TempDir
    Path data;

    @Test
    void cbapiInvestigationAndTaggedEventSequence() throws Exception {
        try (TestServer t = TestServer.start(data)) {
            String uniqueId = indexedProcess(t);
            String guid = uniqueId.substring(0, 36);

            TestServer.Response empty = t.get("/api/investigations");
            assertEquals(200, empty.status(), empty.text());
            assertEquals(0, empty.json().size());

            JsonNode inv = t.post("/api/investigation", "{\"name\": \"Case 1\", \"notes\": \"phishing\"}")
                    .json();
            long invId = inv.get("id").asLong();
            assertEquals("Case 1", inv.get("name").asText());
            assertEquals(
                    Set.of("id", "name", "notes", "date_started", "last_updated", "created_by_user_id"), keys(inv));
            assertEquals("admin", inv.get("created_by_user_id").asText());

            // cb.select(Investigation): the list, then investigation.events
            JsonNode list = t.get("/api/investigations").json();
            assertEquals(1, list.size());
            assertEquals(invId, list.get(0).get("id").asLong());
            assertEquals(0, t.get("/api/tagged_event/" + invId).json().size());

            // TaggedEvent save (new): sorted keys, as cbapi's json.dumps(sort_keys=True)
            long segment = Long.parseLong(uniqueId.substring(37), 16);
            String tagBody = "{\"event_data\": {\"filemod\": \"c:\\\\windows\\\\temp\\\\x.exe\"}, \"event_type\":"
                    + " \"filemod\", \"investigation_id\": " + invId + ", \"segment_id\": " + segment
                    + ", \"start_date\": \"2026-01-01 00:00:00.000000\", \"unique_id\": \"" + uniqueId + "\"}";
            TestServer.Response created = t.post("/api/tagged_event", tagBody);
            assertEquals(200, created.status(), created.text());
            long eventId = created.json().get("id").asLong();
            assertTrue(eventId > 0);

            JsonNode events = t.get("/api/tagged_event/" + invId).json();
            assertEquals(1, events.size());
            JsonNode e = events.get(0);
            assertEquals(
                    Set.of(
                            "id",
                            "investigation_id",
                            "event_id",
                            "event_type",
                            "event_data",
                            "unique_id",
                            "segment_id",
                            "process_id",
                            "start_date",
                            "date_tagged",
                            "tagged_by_user_id",
                            "notes"),
                    keys(e));
            assertEquals(uniqueId, e.get("unique_id").asText());
            assertEquals(segment, e.get("segment_id").asLong());
            assertEquals(guid, e.get("process_id").asText());
            assertEquals("admin", e.get("tagged_by_user_id").asText());
            assertEquals(
                    "c:\\windows\\temp\\x.exe",
                    e.get("event_data").get("filemod").asText());
            assertEquals(1, t.get("/api/tagged_events/" + guid).json().size());
            assertEquals(
                    0,
                    t.get("/api/tagged_events/00000063-0000-0001-0000-000000000001")
                            .json()
                            .size());

            // TaggedEvent save (change): start_date and event_data
            TestServer.Response changed = send(
                    t,
                    "PUT",
                    "/api/tagged_event/" + eventId,
                    "{\"event_data\": {\"note\": \"dropper\"}, \"start_date\": \"2026-01-02 00:00:00.000000\"}");
            assertEquals(200, changed.status(), changed.text());
            JsonNode after = t.get("/api/tagged_event/" + invId).json().get(0);
            assertEquals("dropper", after.get("event_data").get("note").asText());
            assertEquals("2026-01-02 00:00:00.000000", after.get("start_date").asText());

            // Bad input: the field at fault is named
            assertBad(t, tagBody.replace(uniqueId, "00000001-0000-0001-0000-000000000001-000000000001"), "unique_id");
            assertBad(t, tagBody.replace(uniqueId, "not-a-guid"), "unique_id");
            assertBad(
                    t,
                    tagBody.replace("\"investigation_id\": " + invId, "\"investigation_id\": 999"),
                    "investigation_id");
            assertBad(t, "{\"unique_id\": \"" + uniqueId + "\"}", "investigation_id");
            assertBad(t, "{}", "name", "/api/investigation");
            assertEquals(404, t.get("/api/investigation/999").status());
            assertEquals(404, t.get("/api/tagged_event/999").status());
            assertEquals(404, send(t, "PUT", "/api/tagged_event/999", "{}").status());

            // A user without the Administrator role in any group: sees no tagged event, changes nothing
            String viewer = userWithoutGroups(t, "nogroups");
            assertEquals(
                    0,
                    asUser(t, viewer, "GET", "/api/tagged_event/" + invId, null)
                            .json()
                            .size());
            assertEquals(
                    0,
                    asUser(t, viewer, "GET", "/api/tagged_events/" + guid, null)
                            .json()
                            .size());
            assertEquals(
                    1,
                    asUser(t, viewer, "GET", "/api/investigations", null).json().size());
            assertEquals(
                    403,
                    asUser(t, viewer, "POST", "/api/investigation", "{\"name\": \"x\"}")
                            .status());
            assertEquals(
                    403, asUser(t, viewer, "POST", "/api/tagged_event", tagBody).status());
            assertEquals(
                    403,
                    asUser(t, viewer, "DELETE", "/api/tagged_event/" + eventId, null)
                            .status());

            // Investigation update and delete
            JsonNode renamed = send(t, "PUT", "/api/investigation/" + invId, "{\"name\": \"Case 1b\"}")
                    .json();
            assertEquals("Case 1b", renamed.get("name").asText());
            assertEquals("phishing", renamed.get("notes").asText());
            assertEquals(
                    "Case 1b",
                    t.get("/api/investigation/" + invId).json().get("name").asText());

            TestServer.Response untagged = send(t, "DELETE", "/api/tagged_event/" + eventId, null);
            assertEquals(200, untagged.status());
            assertEquals(eventId, untagged.json().get("id").asLong());
            assertEquals(0, t.get("/api/tagged_event/" + invId).json().size());
            assertEquals(
                    404, send(t, "DELETE", "/api/tagged_event/" + eventId, null).status());

            t.post("/api/tagged_event", tagBody);
            assertEquals(
                    200, send(t, "DELETE", "/api/investigation/" + invId, null).status());
            assertEquals(404, t.get("/api/investigation/" + invId).status());
            assertEquals(0, t.get("/api/tagged_events/" + guid).json().size(), "deleted with the investigation");
        }
    }

    /** Registers a sensor, uploads synthetic events and answers the unique_id of an indexed segment. */
    static String indexedProcess(TestServer t) throws Exception {
        var r = t.sensorClient().register(new RegisterRequest("CASE-HOST", null, null, null, null, null, null, 1), "");
        SensorClient.Identity id = new SensorClient.Identity(r.sensorId(), r.secret());
        t.sensorClient().upload(id, "u-1", new SyntheticHost(5).nextUpload(200));
        t.server.ingest().pipeline().awaitIndexed(30_000);
        return t.get("/api/v1/process?q=&rows=1")
                .json()
                .get("results")
                .get(0)
                .get("unique_id")
                .asText();
    }

    private static void assertBad(TestServer t, String body, String field) throws Exception {
        assertBad(t, body, field, "/api/tagged_event");
    }

    private static void assertBad(TestServer t, String body, String field, String path) throws Exception {
        TestServer.Response r = t.post(path, body);
        assertEquals(400, r.status(), r.text());
        assertTrue(r.json().get("message").asText().contains("'" + field + "'"), r.text());
    }

    /** A user who is no global administrator and in no team, so has no role in any group; answers its token. */
    static String userWithoutGroups(TestServer t, String username) throws Exception {
        return new ApiCalls(t).createUser(username, null, false);
    }

    static TestServer.Response send(TestServer t, String method, String path, String body) throws Exception {
        return asUser(t, t.token, method, path, body);
    }

    static TestServer.Response asUser(TestServer t, String token, String method, String path, String body)
            throws Exception {
        return t.send(HttpRequest.newBuilder(URI.create(t.server.url() + path))
                .header("X-Auth-Token", token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body)));
    }

    static Set<String> keys(JsonNode n) {
        Set<String> out = new TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
