package io.lampblack.server.it;

import static io.lampblack.server.it.support.ReferenceFixture.Doc.A;
import static io.lampblack.server.it.support.ReferenceFixture.Doc.E;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.alert.AlertSource;
import io.lampblack.server.alert.AlertSubject;
import io.lampblack.server.auth.GroupRole;
import io.lampblack.server.it.support.ReferenceFixture;
import io.lampblack.server.it.support.ReferenceFixture.Doc;
import io.lampblack.server.it.support.ReferenceFixture.Host;
import io.lampblack.server.it.support.ReferenceFixture.MutableClock;
import io.lampblack.server.it.support.RoleSwitch;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each caller sees and may change beyond searches (docs/compatibility.md, "What each caller sees", dashboard,
 * intel details, alerts, investigations): on the reference fixture, host H1 in the default group 1 and H2 in "Domain
 * Controllers", with a feed whose reports raised alerts on both hosts. Callers are real users ({@link RoleSwitch}).
 */
class CallerScopeChangesIT {

    @TempDir
    static Path data;

    @TempDir
    static Path feedDir;

    static final RoleSwitch roles = new RoleSwitch();
    static TestServer server;
    static ReferenceFixture fixture;
    static int dcGroup;
    static long feedId;
    static String feedAlertH1;
    static String feedAlertH2;
    static String ignorableH1;

    @BeforeAll
    static void load() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2011-12-31T00:00:00Z"));
        server = TestServer.start(data, clock);
        roles.on(server);
        fixture = ReferenceFixture.load(server, clock);
        dcGroup = server.server
                .sensors()
                .registry()
                .sensor(fixture.sensorId(Host.H2))
                .orElseThrow()
                .groupId();
        String feed = """
                {"feedinfo": {"name": "scopeintel", "display_name": "Scope intel", "provider_url": "https://x",
                  "summary": "s", "tech_data": "t", "category": "Partner"},
                 "reports": [
                  {"id": "r1", "timestamp": 1700000000, "link": "https://x/r1", "title": "m1", "score": 40,
                   "iocs": {"md5": ["%s"]}},
                  {"id": "r2", "timestamp": 1700000100, "link": "https://x/r2", "title": "other", "score": 20,
                   "iocs": {"md5": ["00000000000000000000000000000001"]}}
                 ]}""".formatted(ReferenceFixture.M1.toLowerCase());
        Path feedFile = Files.writeString(feedDir.resolve("feed.json"), feed);
        TestServer.Response added = server.post("/api/v1/feed", "{\"feed_url\": \"" + feedFile.toUri() + "\"}");
        assertEquals(200, added.status(), added.text());
        feedId = added.json().get("id").asLong();
        var alerts = server.server.alerts().alerts();
        feedAlertH1 = alerts.raise(feedSource("r1"), processSubject(Host.H1, A))
                .orElseThrow()
                .get("unique_id")
                .asText();
        feedAlertH2 = alerts.raise(feedSource("r1"), processSubject(Host.H2, E))
                .orElseThrow()
                .get("unique_id")
                .asText();
        ignorableH1 = alerts.raise(feedSource("r2"), processSubject(Host.H1, A))
                .orElseThrow()
                .get("unique_id")
                .asText();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @AfterEach
    void admin() {
        roles.globalAdmin();
    }

    // ---------------------------------------------------------------------------------------------------- dashboard

    @Test
    void dashboardCountsTheCallersSensorsAndAlertsAndShowsStorageToGlobalAdminsOnly() throws Exception {
        JsonNode admin = ok(send("GET", "/api/v1/dashboard/statistics", null));
        assertTrue(admin.has("storage"), admin.toString());
        assertEquals(2, admin.get("sensors").get("total").asInt(), admin.toString());
        assertEquals(3, admin.get("alerts").get("total").asLong(), admin.toString());
        // "online" is the sensors' own status, as the sensor list shows it.
        long online = 0;
        for (JsonNode s : ok(send("GET", "/api/v1/sensor", null)))
            if ("Online".equals(s.get("status").asText())) online++;
        assertEquals(online, admin.get("sensors").get("online").asLong(), admin.toString());

        roles.roles(Map.of(1, GroupRole.VIEWER));
        JsonNode viewer = ok(send("GET", "/api/v1/dashboard/statistics", null));
        assertFalse(viewer.has("storage"), viewer.toString());
        assertEquals(1, viewer.get("sensors").get("total").asInt(), viewer.toString());
        assertEquals(2, viewer.get("alerts").get("total").asLong(), viewer.toString());
        roles.roles(Map.of(1, GroupRole.NO_ACCESS));
        JsonNode none = ok(send("GET", "/api/v1/dashboard/statistics", null));
        assertEquals(0, none.get("sensors").get("total").asInt(), none.toString());
        assertEquals(0, none.get("alerts").get("total").asLong(), none.toString());
    }

    // ------------------------------------------------------------------------------------------------- intel details

    @Test
    void reportStatisticsCountTheCallersAlertsOnly() throws Exception {
        String url = "/api/v1/feed/" + feedId + "/report/r1/stats";
        assertEquals(2, ok(send("GET", url, null)).get("total_hits").asLong());
        roles.roles(Map.of(1, GroupRole.VIEWER));
        assertEquals(1, ok(send("GET", url, null)).get("total_hits").asLong());
        roles.roles(Map.of(dcGroup, GroupRole.VIEWER));
        assertEquals(1, ok(send("GET", url, null)).get("total_hits").asLong());
        roles.roles(Map.of());
        JsonNode none = ok(send("GET", url, null));
        assertEquals(0, none.get("total_hits").asLong());
        assertTrue(none.get("last_hit").isNull(), none.toString());
    }

    @Test
    void binaryThreatIntelHitsOfABinaryNoVisibleSensorSawAre404() throws Exception {
        JsonNode admin = ok(send("GET", "/api/v1/binary?cb.urlver=1&facet=false&q=&rows=100&start=0", null));
        String h1Only = null;
        String h2Suffix = "|" + fixture.sensorId(Host.H2);
        for (JsonNode b : admin.get("results")) {
            boolean onH2 = false;
            for (JsonNode ep : b.get("endpoint")) onH2 |= ep.asText().endsWith(h2Suffix);
            if (!onH2) h1Only = b.get("md5").asText();
        }
        if (h1Only == null) throw new AssertionError("the fixture has a binary seen on H1 only: " + admin);
        String url = "/api/v1/binary/" + h1Only + "/threat_intel_hits";
        assertEquals(200, send("GET", url, null).status());
        roles.roles(Map.of(dcGroup, GroupRole.ADMINISTRATOR));
        assertEquals(404, send("GET", url, null).status());
        roles.roles(Map.of(1, GroupRole.VIEWER));
        assertEquals(200, send("GET", url, null).status());
    }

    // -------------------------------------------------------------------------------------------------------- alerts

    @Test
    void ignoringAFeedAlertIgnoresItsReportForEveryoneSoNeedsAGlobalAdmin() throws Exception {
        var ignored = server.server.feeds().ignoredReports();
        roles.roles(Map.of(1, GroupRole.ADMINISTRATOR));
        TestServer.Response refused = send("POST", "/api/v1/alert/" + ignorableH1, "{\"set_ignored\": true}");
        assertEquals(403, refused.status(), refused.text());
        assertEquals(
                403,
                send("POST", "/api/v1/alert/" + ignorableH1, "{\"is_ignored\": true, \"status\": \"Resolved\"}")
                        .status());
        assertEquals(
                403,
                send("POST", "/api/v1/alerts", "{\"alert_ids\": [\"" + ignorableH1 + "\"], \"set_ignored\": true}")
                        .status());
        assertFalse(ignored.ignored(feedId, "r2"));
        // The alert's own status stays the group administrator's.
        assertEquals(
                200,
                send("POST", "/api/v1/alert/" + ignorableH1, "{\"status\": \"In Progress\"}")
                        .status());
        roles.globalAdmin();
        assertEquals(
                200,
                send("POST", "/api/v1/alert/" + ignorableH1, "{\"set_ignored\": true}")
                        .status());
        assertTrue(ignored.ignored(feedId, "r2"));
    }

    // ------------------------------------------------------------------------------------------------ investigations

    @Test
    void taggingNeedsTheAdministratorRoleInTheProcesssGroup() throws Exception {
        long inv = investigation("tags");
        String a = fixture.guid(A);
        roles.roles(Map.of(1, GroupRole.VIEWER, dcGroup, GroupRole.ADMINISTRATOR));
        assertEquals(403, send("POST", "/api/tagged_event", tagBody(inv, a)).status());
        roles.roles(Map.of(1, GroupRole.ADMINISTRATOR));
        assertEquals(
                400,
                send("POST", "/api/tagged_event", tagBody(inv, fixture.guid(E))).status());
        TestServer.Response tagged = send("POST", "/api/tagged_event", tagBody(inv, a));
        assertEquals(200, tagged.status(), tagged.text());
        long event = tagged.json().get("id").asLong();

        roles.roles(Map.of(1, GroupRole.VIEWER, dcGroup, GroupRole.ADMINISTRATOR));
        assertEquals(1, ok(send("GET", "/api/tagged_event/" + inv, null)).size());
        assertEquals(
                403,
                send("PUT", "/api/tagged_event/" + event, "{\"notes\": \"x\"}").status());
        assertEquals(403, send("DELETE", "/api/tagged_event/" + event, null).status());
        roles.roles(Map.of(dcGroup, GroupRole.ADMINISTRATOR));
        assertEquals(
                404,
                send("PUT", "/api/tagged_event/" + event, "{\"notes\": \"x\"}").status());
        assertEquals(404, send("DELETE", "/api/tagged_event/" + event, null).status());
        roles.roles(Map.of(1, GroupRole.ADMINISTRATOR));
        assertEquals(
                200,
                send("PUT", "/api/tagged_event/" + event, "{\"notes\": \"x\"}").status());
        assertEquals(200, send("DELETE", "/api/tagged_event/" + event, null).status());
    }

    @Test
    void deletingAnInvestigationWithTagsOfGroupsTheCallerDoesNotAdministerNeedsAGlobalAdmin() throws Exception {
        long inv = investigation("both groups");
        assertEquals(
                200,
                send("POST", "/api/tagged_event", tagBody(inv, fixture.guid(A))).status());
        assertEquals(
                200,
                send("POST", "/api/tagged_event", tagBody(inv, fixture.guid(E))).status());
        long mine = investigation("group 1 only");
        assertEquals(
                200,
                send("POST", "/api/tagged_event", tagBody(mine, fixture.guid(A)))
                        .status());

        roles.roles(Map.of(1, GroupRole.ADMINISTRATOR, dcGroup, GroupRole.VIEWER));
        assertEquals(403, send("DELETE", "/api/investigation/" + inv, null).status());
        assertEquals(200, send("DELETE", "/api/investigation/" + mine, null).status());
        roles.globalAdmin();
        assertEquals(2, ok(send("GET", "/api/tagged_event/" + inv, null)).size());
        assertEquals(200, send("DELETE", "/api/investigation/" + inv, null).status());
        assertEquals(404, send("GET", "/api/investigation/" + inv, null).status());
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    private static long investigation(String name) throws Exception {
        roles.globalAdmin();
        return ok(send("POST", "/api/investigation", "{\"name\": \"" + name + "\", \"notes\": \"n\"}"))
                .get("id")
                .asLong();
    }

    private static String tagBody(long investigation, String guid) {
        return "{\"event_data\": {}, \"event_type\": \"filemod\", \"investigation_id\": " + investigation
                + ", \"start_date\": \"2026-01-01 00:00:00.000000\", \"unique_id\": \"" + guid + "\"}";
    }

    private static AlertSource feedSource(String report) {
        return new AlertSource(
                "watchlist.hit.ingress.process", feedId, "scopeintel", 3, report, report, 40, "md5", "m", "{}");
    }

    private static AlertSubject processSubject(Host host, Doc d) {
        return new AlertSubject(
                fixture.sensorId(host),
                host == Host.H1 ? ReferenceFixture.H1_NAME : ReferenceFixture.H2_NAME,
                host == Host.H1 ? "Default Group" : ReferenceFixture.DOMAIN_CONTROLLERS,
                "windows",
                fixture.guid(d),
                d.lastServerUpdate.toEpochMilli(),
                d.processName,
                "c:\\" + d.processName,
                ReferenceFixture.M1,
                "user");
    }

    static TestServer.Response send(String method, String path, String json) throws Exception {
        HttpRequest.BodyPublisher body =
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        return server.send(HttpRequest.newBuilder(URI.create(server.server.url() + path))
                .header("X-Auth-Token", roles.token())
                .method(method, body));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode ok(TestServer.Response r) {
        assertEquals(200, r.status(), r.text());
        return r.json();
    }
}
