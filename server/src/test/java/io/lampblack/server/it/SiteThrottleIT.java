package io.lampblack.server.it;

import static io.lampblack.server.it.SensorGroupIT.delete;
import static io.lampblack.server.it.SensorGroupIT.put;
import static io.lampblack.server.it.SensorGroupIT.sortedWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.support.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sites, throttle rules, data sharing, builds and installers through the real API, as cbapi's {@code Site},
 * {@code ThrottleRule}, {@code SensorBuilds} and {@code SensorGroup.get_installer} call them (rest_api.md §4.1,
 * §4.5, §4.6, §6).
 */
class SiteThrottleIT {

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

    @Test
    void groupSiteJoinAndSelectSite() throws Exception {
        // group.site: GET /api/site/<site_id>, a one-element array
        int siteId = ts.get("/api/v3/group/1").json().get(0).get("site_id").asInt();
        TestServer.Response one = ts.get("/api/site/" + siteId);
        assertEquals(200, one.status(), one.text());
        assertEquals(1, one.json().size());
        assertEquals("Default Site", one.json().get(0).get("name").asText());
        assertTrue(one.json().get(0).get("group_ids").toString().contains("1"));
        // cb.select(Site): the list, filtered by cbapi itself
        TestServer.Response all = ts.get("/api/site");
        assertEquals(200, all.status());
        assertEquals(1, all.json().get(0).get("id").asInt());
        assertEquals(404, ts.get("/api/site/99").status());
    }

    @Test
    void sitesAreCreatedSavedAndDeletedUnlessTheyAreInUse() throws Exception {
        TestServer.Response created = ts.post("/api/site", "{\"name\": \"Branch Office\"}");
        assertEquals(200, created.status(), created.text());
        int id = created.json().get("id").asInt();
        assertEquals(409, ts.post("/api/site", "{\"name\": \"branch office\"}").status());

        JsonNode read = ts.get("/api/site/" + id).json().get(0);
        TestServer.Response saved =
                put(ts, "/api/site/" + id, sortedWith(read, Map.of("name", "Branch", "contact", "ops@example.com")));
        assertEquals(200, saved.status(), saved.text());
        JsonNode again = ts.get("/api/site/" + id).json().get(0);
        assertEquals("Branch", again.get("name").asText());
        assertEquals("ops@example.com", again.get("contact").asText(), "other fields kept as sent");

        // a group in the site keeps it
        TestServer.Response group = ts.post(
                "/api/v3/group",
                "{\"name\": \"Branch Group\", \"sensorbackend_server\": \"https://cb:443\", \"site_id\": " + id + "}");
        assertEquals(200, group.status(), group.text());
        TestServer.Response inUse = delete(ts, "/api/site/" + id);
        assertEquals(409, inUse.status(), inUse.text());
        assertEquals(
                200,
                delete(ts, "/api/v3/group/" + group.json().get("id").asInt()).status());
        assertEquals(200, delete(ts, "/api/site/" + id).status());
        assertEquals(404, ts.get("/api/site/" + id).status());

        assertEquals(403, delete(ts, "/api/site/1").status(), "the default site stays");
    }

    @Test
    void throttleRulesAreStoredReportedAndValidated() throws Exception {
        String rule = "{\"bytes_per_second\": 1000000, \"day_of_week\": \"Monday\", \"from\": \"08:00\","
                + " \"site_id\": 1, \"to\": \"17:30\"}";
        TestServer.Response created = ts.post("/api/throttle", rule);
        assertEquals(200, created.status(), created.text());
        int id = created.json().get("id").asInt();

        // site.throttle_rules: GET /api/throttle, filtered by site_id in the client
        JsonNode listed = null;
        for (JsonNode r : ts.get("/api/throttle").json()) if (r.get("id").asInt() == id) listed = r;
        assertEquals(1, listed.get("site_id").asInt());
        // cbapi's ThrottleRule model types these as integers: 0 Sunday ... 6 Saturday, minutes after midnight
        assertEquals(1, listed.get("day_of_week").intValue(), listed.toString());
        assertEquals(8 * 60, listed.get("from").intValue());
        assertEquals(17 * 60 + 30, listed.get("to").intValue());
        TestServer.Response numeric = ts.post(
                "/api/throttle",
                "{\"bytes_per_second\": 5.0, \"day_of_week\": 0, \"from\": 0, \"site_id\": 1, \"to\": 1439}");
        assertEquals(200, numeric.status(), numeric.text());
        JsonNode sunday =
                ts.get("/api/throttle/" + numeric.json().get("id").asInt()).json();
        assertEquals(0, sunday.get("day_of_week").intValue(), sunday.toString());
        assertEquals(1439, sunday.get("to").intValue());
        assertEquals(1000000, listed.get("bytes_per_second").asLong());

        TestServer.Response saved =
                put(ts, "/api/throttle/" + id, sortedWith(listed, Map.of("bytes_per_second", 5000)));
        assertEquals(200, saved.status(), saved.text());
        assertEquals(
                5000,
                ts.get("/api/throttle/" + id).json().get("bytes_per_second").asLong());

        for (String bad : List.of(
                "{\"bytes_per_second\": -1, \"day_of_week\": \"Monday\", \"from\": \"08:00\", \"site_id\": 1, \"to\": \"09:00\"}",
                "{\"bytes_per_second\": 10, \"day_of_week\": \"Someday\", \"from\": \"08:00\", \"site_id\": 1, \"to\": \"09:00\"}",
                "{\"bytes_per_second\": 10, \"day_of_week\": 7, \"from\": \"08:00\", \"site_id\": 1, \"to\": \"09:00\"}",
                "{\"bytes_per_second\": 10.5, \"day_of_week\": 1, \"from\": \"08:00\", \"site_id\": 1, \"to\": \"09:00\"}",
                "{\"bytes_per_second\": 10, \"day_of_week\": 1, \"from\": 1440, \"site_id\": 1, \"to\": \"09:00\"}",
                "{\"bytes_per_second\": 10, \"day_of_week\": \"Monday\", \"from\": \"25:00\", \"site_id\": 1, \"to\": \"09:00\"}",
                "{\"bytes_per_second\": 10, \"day_of_week\": \"Monday\", \"from\": \"08:00\", \"site_id\": 42, \"to\": \"09:00\"}",
                "{\"day_of_week\": \"Monday\", \"from\": \"08:00\", \"site_id\": 1, \"to\": \"09:00\"}")) {
            TestServer.Response r = ts.post("/api/throttle", bad);
            assertEquals(400, r.status(), bad + " -> " + r.text());
            assertEquals("invalid_throttle", r.json().get("reason").asText());
        }

        assertEquals(200, delete(ts, "/api/throttle/" + id).status());
        assertEquals(404, ts.get("/api/throttle/" + id).status());
    }

    @Test
    void dataSharingSettingsAreStoredAndReported() throws Exception {
        TestServer.Response created =
                ts.post("/api/v1/group/1/datasharing", "{\"group_id\": 1, \"what\": \"BIN\", \"who\": \"VIRUSTOTAL\"}");
        assertEquals(200, created.status(), created.text());
        int cfg = created.json().get("id").asInt();
        ts.post("/api/v1/group/1/datasharing", "{\"group_id\": 1, \"what\": \"EVENTS\", \"who\": \"CBCOMMUNITY\"}");

        // check_datasharing.py: what == "BIN" and who == "VIRUSTOTAL"
        JsonNode list = ts.get("/api/v1/group/1/datasharing").json();
        assertEquals(2, list.size());
        assertEquals("VIRUSTOTAL", list.get(0).get("who").asText());
        assertEquals("BIN", list.get(0).get("what").asText());
        assertEquals(1, list.get(0).get("group_id").asInt());
        assertEquals(
                "VIRUSTOTAL",
                ts.get("/api/v1/group/1/datasharing/" + cfg).json().get("who").asText());

        assertEquals(200, delete(ts, "/api/v1/group/1/datasharing/" + cfg).status());
        assertEquals(404, ts.get("/api/v1/group/1/datasharing/" + cfg).status());
        TestServer.Response all = delete(ts, "/api/v1/group/1/datasharing");
        assertEquals(200, all.status());
        assertEquals("success", all.json().get("result").asText());
        assertEquals(0, ts.get("/api/v1/group/1/datasharing").json().size());
        assertEquals(404, ts.get("/api/v1/group/77/datasharing").status());
        assertEquals(
                400,
                ts.post("/api/v1/group/1/datasharing", "{\"who\": \"\", \"what\": \"BIN\"}")
                        .status());
    }

    @Test
    void buildsAreHonestlyEmptyAndInstallersSayWhyNot() throws Exception {
        // cb.select(SensorBuilds) reads all three keys
        JsonNode builds = ts.get("/api/v2/builds").json();
        for (String os : List.of("Windows", "Linux", "OSX")) {
            assertTrue(builds.get(os).isArray(), builds.toString());
            assertEquals(0, builds.get(os).size());
        }
        assertEquals("[]", ts.get("/api/builds").text());

        for (String os : List.of("windows/exe", "windows/msi", "osx")) {
            TestServer.Response r = ts.get("/api/v1/group/1/installer/" + os);
            assertEquals(404, r.status(), os);
            assertEquals("installer_not_available", r.json().get("reason").asText());
            assertTrue(r.json().get("message").asText().contains("Linux only"), r.text());
        }
        // The Linux installer carries the group's enrolment token, which the Default Group has not got
        // (LinuxInstallerIT downloads one).
        TestServer.Response linux = ts.get("/api/v1/group/1/installer/linux");
        assertEquals(409, linux.status(), linux.text());
        assertEquals("no_enrolment_token", linux.json().get("reason").asText());
        assertTrue(linux.json().get("message").asText().contains("/api/v1/group/1/registration_token"), linux.text());
        TestServer.Response unknownGroup = ts.get("/api/v1/group/77/installer/linux");
        assertEquals(404, unknownGroup.status());
        assertEquals("not_found", unknownGroup.json().get("reason").asText());
    }
}
