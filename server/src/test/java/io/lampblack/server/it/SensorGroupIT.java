package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.sensor.SensorProtocol.CheckinResponse;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.support.ApiCalls;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sensor groups through the real API, replaying cbapi-python's request sequences for {@code SensorGroup}
 * (rest_api.md §4.5, §5.7): list, one-element-array get under the three prefixes, create with sorted keys and the
 * fields cbapi's example sets, save of the whole object, delete; and what the group's settings do to its sensors.
 */
class SensorGroupIT {

    /** cbapi sends {@code json.dumps(body, sort_keys=True)}. */
    private static final ObjectMapper SORTED =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private static final String CBAPI_CREATE = "{\"name\": \"%s\", \"sensor_version_linux\": \"Manual\","
            + " \"sensor_version_osx\": \"Manual\", \"sensor_version_windows\": \"Manual\","
            + " \"sensorbackend_server\": \"https://cb.example.com:443\", \"site_id\": 1}";

    @TempDir
    static Path data;

    static TestServer ts;

    @BeforeAll
    static void start() throws Exception {
        ts = TestServer.start(data);
    }

    @AfterAll
    static void stop() {
        if (ts != null) ts.close();
    }

    static TestServer.Response put(TestServer s, String path, String json) throws Exception {
        return s.send(HttpRequest.newBuilder(URI.create(s.server.url() + path))
                .header("X-Auth-Token", s.token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    static TestServer.Response delete(TestServer s, String path) throws Exception {
        return s.send(HttpRequest.newBuilder(URI.create(s.server.url() + path))
                .header("X-Auth-Token", s.token)
                .DELETE());
    }

    /** What cbapi's save() sends: the object as it last read it, changed, with sorted keys. */
    static String sortedWith(JsonNode object, Map<String, Object> changes) throws Exception {
        Map<String, Object> m = new TreeMap<>(SORTED.convertValue(object, new TypeReference<Map<String, Object>>() {}));
        m.putAll(changes);
        return SORTED.writeValueAsString(m);
    }

    static JsonNode createGroup(String name) throws Exception {
        TestServer.Response r = ts.post("/api/v3/group", CBAPI_CREATE.formatted(name));
        assertEquals(200, r.status(), r.text());
        return r.json();
    }

    @Test
    void cbSelectSensorGroupListsTheDefaultGroupWithEveryFieldUnderAllThreePrefixes() throws Exception {
        for (String prefix : List.of("/api/group", "/api/v2/group", "/api/v3/group")) {
            TestServer.Response list = ts.get(prefix);
            assertEquals(200, list.status(), list.text());
            JsonNode first = list.json().get(0);
            assertEquals(1, first.get("id").asInt());
            assertEquals("Default Group", first.get("name").asText());
            for (String field : List.of(
                    "site_id",
                    "sensorbackend_server",
                    "sensor_exe_name",
                    "address_resolution_hint",
                    "team_access",
                    "alert_criticality",
                    "tamper_level",
                    "sensor_version_windows",
                    "sensor_version_osx",
                    "sensor_version_linux",
                    "datastore_server",
                    "max_licenses",
                    "banning_enabled",
                    "collect_amsi",
                    "collect_emet_events",
                    "collect_filemods",
                    "collect_filewritemd5s",
                    "collect_cross_procs",
                    "collect_moduleinfo",
                    "collect_moduleloads",
                    "collect_netconns",
                    "collect_nonbinary_filewrites",
                    "collect_processes",
                    "collect_regmods",
                    "collect_storefiles",
                    "collect_usercontext",
                    "filter_known_dlls",
                    "number_of_hosts",
                    "process_filter_level",
                    "quota_eventlog_bytes",
                    "quota_eventlog_percent",
                    "quota_storefile_bytes",
                    "quota_storefile_percent",
                    "server_cert_id",
                    "isolation_exclusions",
                    "event_exclusions",
                    "vdi_enabled")) {
                assertTrue(first.has(field), prefix + " lacks " + field + ": " + first);
            }
            assertEquals(0, first.get("team_access").size());
            assertFalse(first.has("settings"), "the flags and kept fields are the group's own keys: " + first);

            // select(SensorGroup, 1) and sensor.group: a one-element array.
            TestServer.Response one = ts.get(prefix + "/1");
            assertEquals(200, one.status(), one.text());
            assertTrue(one.json().isArray());
            assertEquals(1, one.json().size());
            assertEquals("Default Group", one.json().get(0).get("name").asText());
            assertEquals(404, ts.get(prefix + "/4711").status());
            assertEquals(404, ts.get(prefix + "/x").status());
        }
    }

    @Test
    void cbapiCreatesSavesAndDeletesASensorGroup() throws Exception {
        JsonNode created = createGroup("Created By cbapi");
        int id = created.get("id").asInt();
        assertTrue(id > 1, created.toString());
        assertEquals("Manual", created.get("sensor_version_windows").asText());
        assertEquals(
                "https://cb.example.com:443",
                created.get("sensorbackend_server").asText());
        assertEquals(1, created.get("site_id").asInt());
        assertTrue(created.get("collect_netconns").asBoolean());

        // refresh, then save() with changes: the whole object back under sorted keys
        JsonNode read = ts.get("/api/v3/group/" + id).json().get(0);
        assertEquals(created, read);
        TestServer.Response saved = put(
                ts,
                "/api/v3/group/" + id,
                sortedWith(
                        read,
                        Map.of(
                                "collect_netconns",
                                false,
                                "alert_criticality",
                                5,
                                "tamper_level",
                                1,
                                "isolation_exclusions",
                                List.of("10.0.0.0/8"))));
        assertEquals(200, saved.status(), saved.text());
        JsonNode again = ts.get("/api/group/" + id).json().get(0);
        assertFalse(again.get("collect_netconns").asBoolean());
        assertEquals(5, again.get("alert_criticality").asInt());
        assertEquals(1, again.get("tamper_level").asInt(), "a field the server only keeps is kept as given");
        assertEquals("10.0.0.0/8", again.get("isolation_exclusions").get(0).asText());
        assertEquals("Manual", again.get("sensor_version_osx").asText());
        // what ingest stamps on segments and alert severity weighs follow the change
        assertEquals(5, ts.server.sensors().registry().group(id).orElseThrow().alertCriticality());
        assertEquals(
                200,
                put(ts, "/api/v3/group/" + id, sortedWith(again, Map.of("name", "Renamed By cbapi")))
                        .status());
        assertEquals("Renamed By cbapi", ts.server.sensors().registry().groupName(id));

        TestServer.Response duplicate = ts.post("/api/v3/group", CBAPI_CREATE.formatted("renamed by CBAPI"));
        assertEquals(409, duplicate.status(), duplicate.text());

        TestServer.Response deleted = delete(ts, "/api/v3/group/" + id);
        assertEquals(200, deleted.status(), deleted.text());
        assertEquals(404, ts.get("/api/v3/group/" + id).status());
        assertEquals(404, delete(ts, "/api/v3/group/" + id).status());
    }

    @Test
    void badGroupsAreRefusedNamingTheField() throws Exception {
        TestServer.Response noName =
                ts.post("/api/v3/group", "{\"sensorbackend_server\": \"https://x\", \"site_id\": 1}");
        assertEquals(400, noName.status());
        assertTrue(noName.json().get("message").asText().contains("name"), noName.text());
        TestServer.Response noBackend = ts.post("/api/v3/group", "{\"name\": \"No Backend\", \"site_id\": 1}");
        assertEquals(400, noBackend.status());
        assertTrue(noBackend.json().get("message").asText().contains("sensorbackend_server"), noBackend.text());
        TestServer.Response badSite =
                ts.post("/api/v3/group", "{\"name\": \"Bad Site\", \"sensorbackend_server\": \"x\", \"site_id\": 77}");
        assertEquals(400, badSite.status());
        assertTrue(badSite.json().get("message").asText().contains("site_id"), badSite.text());
        TestServer.Response badFlag = put(ts, "/api/v3/group/1", "{\"collect_netconns\": \"sometimes\"}");
        assertEquals(400, badFlag.status());
        assertTrue(badFlag.json().get("message").asText().contains("collect_netconns"), badFlag.text());
        TestServer.Response criticality = put(ts, "/api/v3/group/1", "{\"alert_criticality\": 9}");
        assertEquals(400, criticality.status());
        assertTrue(
                ts.get("/api/v3/group/1").json().get(0).get("collect_netconns").asBoolean(), "nothing applied");
    }

    @Test
    void aDeletedGroupsIdIsNeverUsedAgain() throws Exception {
        createGroup("Reuse A");
        int newest = createGroup("Reuse B").get("id").asInt();
        assertEquals(200, delete(ts, "/api/v3/group/" + newest).status());
        int next = createGroup("Reuse C").get("id").asInt();
        assertTrue(next > newest, "the id of the deleted group " + newest + " came back as " + next);
    }

    @Test
    void aGroupNamedByAnIngressFilterIsNotDeleted() throws Exception {
        int id = createGroup("Filtered Group").get("id").asInt();
        TestServer.Response filter = ts.post(
                "/api/v1/ingress_whitelist",
                "[{\"description\": \"quiet\", \"id\": \"names-group\", \"global\": false, \"group_ids\": [" + id
                        + "], \"path_filters\": [\"*\\\\quiet.exe\"]}]");
        assertEquals(200, filter.status(), filter.text());
        TestServer.Response named = delete(ts, "/api/v3/group/" + id);
        assertEquals(409, named.status(), named.text());
        assertEquals("group_in_ingress_filters", named.json().get("reason").asText());
        assertTrue(named.text().contains("names-group"), named.text());
        assertEquals(200, delete(ts, "/api/v1/ingress_whitelist/names-group").status());
        assertEquals(200, delete(ts, "/api/v3/group/" + id).status());
    }

    @Test
    void theDefaultGroupCannotBeDeletedNorAGroupWithSensors() throws Exception {
        TestServer.Response defaultGroup = delete(ts, "/api/v3/group/1");
        assertEquals(403, defaultGroup.status(), defaultGroup.text());

        int id = createGroup("Has Sensors").get("id").asInt();
        register(ts.sensorClient(), "HAS-SENSORS-1", id, null);
        TestServer.Response inUse = delete(ts, "/api/v3/group/" + id);
        assertEquals(409, inUse.status(), inUse.text());
        assertEquals("group_has_sensors", inUse.json().get("reason").asText());
        assertEquals(
                1,
                ts.get("/api/v3/group/" + id)
                        .json()
                        .get(0)
                        .get("number_of_hosts")
                        .asInt());
    }

    @Test
    void aSensorReceivesItsGroupsSettingsAtCheckIn() throws Exception {
        JsonNode g = createGroup("No Netconns");
        int id = g.get("id").asInt();
        TestServer.Response saved = put(
                ts,
                "/api/v3/group/" + id,
                sortedWith(
                        g,
                        Map.of(
                                "collect_netconns",
                                false,
                                "banning_enabled",
                                false,
                                "checkin_interval_seconds",
                                10,
                                "isolation_exclusions",
                                List.of("192.0.2.10"))));
        assertEquals(200, saved.status(), saved.text());

        SensorClient client = ts.sensorClient();
        RegisterResponse reg = register(client, "NO-NETCONNS-1", id, null);
        assertEquals(10, reg.checkinIntervalSeconds());
        CheckinResponse c = client.checkin(new SensorClient.Identity(reg.sensorId(), reg.secret()), List.of());
        assertEquals(10, c.checkinIntervalSeconds());
        assertNotNull(c.config(), "the group's settings");
        assertEquals(id, c.config().groupId());
        assertEquals(Boolean.FALSE, c.config().collect().get("collect_netconns"));
        assertEquals(Boolean.TRUE, c.config().collect().get("collect_processes"));
        assertFalse(c.config().eventKinds().contains("NET_CONN"), c.config().toString());
        assertTrue(c.config().eventKinds().contains("PROCESS_START"), c.config().toString());
        assertFalse(c.config().banningEnabled());
        assertEquals(List.of("192.0.2.10"), c.config().isolationExclusions());
        // banning off: an empty ban list, whatever is banned
        assertNotNull(c.banList());
        assertEquals(List.of(), c.banList().md5s());
        // what ingest asks (slice D drops these kinds before journaling)
        var collection = ts.server.sensors().collectionSettings();
        assertFalse(collection.collects(reg.sensorId(), EventKind.NET_CONN));
        assertTrue(collection.collects(reg.sensorId(), EventKind.PROCESS_START));

        // a sensor already holding this version of the settings is not sent them again
        TestServer.Response raw = ts.send(HttpRequest.newBuilder(URI.create(ts.server.url() + "/sensor/v1/checkin"))
                .header("X-Sensor-Id", Integer.toString(reg.sensorId()))
                .header("X-Sensor-Secret", reg.secret())
                .POST(HttpRequest.BodyPublishers.ofString("{\"acked_actions\": [], \"config_version\": \""
                        + c.config().version() + "\"}")));
        assertEquals(200, raw.status(), raw.text());
        assertFalse(raw.json().has("config"), raw.text());
    }

    /** A user who is no global administrator and in no team sees no group: lists are filtered, gets are 404. */
    @Test
    void aUserWithoutGroupsSeesNoGroupAndChangesNone() throws Exception {
        String token = new ApiCalls(ts).createUser("viewer-nobody", null, false);
        TestServer.Response list = ts.getWithToken("/api/v3/group", token);
        assertEquals(200, list.status(), list.text());
        assertEquals(0, list.json().size(), list.text());
        assertEquals(404, ts.getWithToken("/api/v3/group/1", token).status());
        assertEquals(404, ts.getWithToken("/api/v1/group/1/datasharing", token).status());
        TestServer.Response create = ts.send(HttpRequest.newBuilder(URI.create(ts.server.url() + "/api/v3/group"))
                .header("X-Auth-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString(CBAPI_CREATE.formatted("Not Mine"))));
        assertEquals(403, create.status(), create.text());
        assertEquals(403, ts.getWithToken("/api/throttle", token).status());
    }

    static RegisterResponse register(SensorClient client, String host, int groupId, String token) throws Exception {
        return client.register(
                new RegisterRequest(host, host, "windows", "workstation", "Windows 10", "", "7.0", groupId), token);
    }
}
