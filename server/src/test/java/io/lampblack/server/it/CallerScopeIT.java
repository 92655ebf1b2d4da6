package io.lampblack.server.it;

import static io.lampblack.server.it.support.ReferenceFixture.Doc.A;
import static io.lampblack.server.it.support.ReferenceFixture.Doc.B;
import static io.lampblack.server.it.support.ReferenceFixture.Doc.C;
import static io.lampblack.server.it.support.ReferenceFixture.Doc.D;
import static io.lampblack.server.it.support.ReferenceFixture.Doc.E;
import static io.lampblack.server.it.support.ReferenceFixture.Doc.F1;
import static io.lampblack.server.it.support.ReferenceFixture.Doc.F2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.server.alert.AlertSource;
import io.lampblack.server.alert.AlertSubject;
import io.lampblack.server.auth.GroupRole;
import io.lampblack.server.it.support.ReferenceFixture;
import io.lampblack.server.it.support.ReferenceFixture.Doc;
import io.lampblack.server.it.support.ReferenceFixture.Host;
import io.lampblack.server.it.support.ReferenceFixture.MutableClock;
import io.lampblack.server.it.support.RoleSwitch;
import io.lampblack.server.support.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each caller sees (docs/compatibility.md, "What each caller sees"), through the HTTPS API on the reference
 * fixture: host H1 (processes A, B, C, D, F) in the default group 1, host H2 (process E) in "Domain Controllers".
 * Callers are real users whose teams give them the roles of each test ({@link RoleSwitch}).
 */
class CallerScopeIT {

    @TempDir
    static Path data;

    static final RoleSwitch roles = new RoleSwitch();
    static MutableClock clock;
    static TestServer server;
    static ReferenceFixture fixture;
    static int dcGroup;
    static String alertH1;
    static String alertH2;
    static String alertBinary;

    @BeforeAll
    static void load() throws Exception {
        clock = new MutableClock(Instant.parse("2011-12-31T00:00:00Z"));
        server = TestServer.start(data, clock);
        roles.on(server);
        fixture = ReferenceFixture.load(server, clock);
        dcGroup = server.server
                .sensors()
                .registry()
                .sensor(fixture.sensorId(Host.H2))
                .orElseThrow()
                .groupId();
        var alerts = server.server.alerts().alerts();
        alertH1 = alerts.raise(source("w1"), processSubject(Host.H1, A))
                .orElseThrow()
                .get("unique_id")
                .asText();
        alertH2 = alerts.raise(source("w2"), processSubject(Host.H2, E))
                .orElseThrow()
                .get("unique_id")
                .asText();
        alertBinary = alerts.raise(
                        source("w3"), new AlertSubject(0, "", "", "", "", 0, "", "", ReferenceFixture.M1, ""))
                .orElseThrow()
                .get("unique_id")
                .asText();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static TestServer.Response get(String pathAndQuery) throws Exception {
        return server.getWithToken(pathAndQuery, roles.token());
    }

    static TestServer.Response post(String path, String json) throws Exception {
        return server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.server.url() + path))
                .header("X-Auth-Token", roles.token())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)));
    }

    @AfterEach
    void admin() {
        roles.globalAdmin();
    }

    // ---------------------------------------------------------------------------------------------------- processes

    @Test
    void aGlobalAdminSeesEveryProcessAndNothingIsSaidFiltered() throws Exception {
        JsonNode r = ok(get(processes("", Map.of())));
        assertEquals(EnumSet.allOf(Doc.class), docs(r));
        assertEquals(7, r.get("total_results").asLong());
        assertEquals(0, r.get("filtered").size(), r.get("filtered").toString());
    }

    @Test
    void aViewerOfTheDefaultGroupSeesItsSensorsProcessesOnlyAndIsToldSo() throws Exception {
        roles.roles(Map.of(1, GroupRole.VIEWER));
        JsonNode r = ok(get(processes("", Map.of())));
        assertEquals(EnumSet.of(A, B, C, D, F1, F2), docs(r));
        assertEquals(6, r.get("total_results").asLong());
        assertEquals("sensor_group_access", r.get("filtered").get("reason").asText());
        assertEquals("[1]", r.get("filtered").get("sensor_groups").toString());
    }

    @Test
    void aViewerOfTheOtherGroupSeesOnlyItsProcessAndFacetsCountOnlyThat() throws Exception {
        roles.roles(Map.of(dcGroup, GroupRole.VIEWER, 1, GroupRole.NO_ACCESS));
        JsonNode r = ok(get(processes("", Map.of("facet", "true", "facet.field", "hostname"))));
        assertEquals(EnumSet.of(E), docs(r));
        assertEquals(1, r.get("total_results").asLong());
        JsonNode hostnames = r.get("facets").get("hostname");
        assertEquals(1, hostnames.size(), hostnames.toString());
        assertEquals(
                ReferenceFixture.H2_NAME.toLowerCase(),
                hostnames.get(0).get("name").asText().toLowerCase());
        assertEquals(1, hostnames.get(0).get("value").asLong());
    }

    @Test
    void noAccessSeesNothing() throws Exception {
        roles.roles(Map.of(1, GroupRole.NO_ACCESS));
        JsonNode r = ok(get(processes("", Map.of("facet", "true"))));
        assertEquals(0, r.get("total_results").asLong());
        assertEquals(0, r.get("results").size());
        // Date facets keep their empty buckets; no entry counts anything.
        for (JsonNode facet : r.get("facets"))
            for (JsonNode entry : facet) assertEquals(0, entry.get("value").asLong(), entry.toString());
        assertEquals("[]", r.get("filtered").get("sensor_groups").toString());
    }

    @Test
    void groupedComprehensiveAndWindowedSearchesAreFilteredAlike() throws Exception {
        Map<String, String> comprehensive = Map.of("cb.comprehensive_search", "true");
        Map<String, String> grouped = Map.of("cb.group", "id");
        Map<String, String> windowed = Map.of("cb.min_last_server_update", "2016-11-01T00:00:00Z");
        String both = "process_name:rundll32.exe or process_name:chrome.exe";
        long adminGrouped =
                ok(get(processes(both, grouped))).get("total_results").asLong();
        roles.roles(Map.of(1, GroupRole.ADMINISTRATOR));
        assertEquals(EnumSet.of(B, F1, F2), docs(ok(get(processes(both, comprehensive)))));
        // B and F are two chrome processes; E's rundll32 is the admin's third.
        assertEquals(
                adminGrouped - 1,
                ok(get(processes(both, grouped))).get("total_results").asLong());
        assertEquals(EnumSet.of(C, D, F1, F2), docs(ok(get(processes("", windowed)))));
        assertEquals(
                0,
                ok(get(processes("process_name:rundll32.exe and not process_name:chrome.exe", comprehensive)))
                        .get("total_results")
                        .asLong());
        roles.roles(Map.of(dcGroup, GroupRole.VIEWER));
        assertEquals(EnumSet.of(E), docs(ok(get(processes("", windowed)))));
        assertEquals(1, ok(get(processes(both, grouped))).get("total_results").asLong());
    }

    @Test
    void aProcessOfAnInvisibleSensorDoesNotExistOnAnyRoute() throws Exception {
        String e = fixture.guid(E);
        List<String> routes = processRoutes(e);
        roles.roles(Map.of(1, GroupRole.ADMINISTRATOR));
        for (String route : routes) assertEquals(404, get(route).status(), route);
        // What the same caller may see answers on every route.
        for (String route : processRoutes(fixture.guid(A)))
            assertEquals(200, get(route).status(), route);
        roles.roles(Map.of(dcGroup, GroupRole.VIEWER));
        for (String route : routes) assertEquals(200, get(route).status(), route);
    }

    @Test
    void aProcessOfASensorTheServerDoesNotKnowIsSeenByAGlobalAdminOnly() throws Exception {
        String stranger = new ProcessGuid(999, 4, 1L).toString();
        roles.roles(Map.of(1, GroupRole.ADMINISTRATOR, dcGroup, GroupRole.ADMINISTRATOR));
        assertEquals(404, get("/api/v1/process/" + stranger + "/0").status());
    }

    @Test
    void theSummaryOfAVisibleProcessShowsItsVisibleRelatives() throws Exception {
        roles.roles(Map.of(1, GroupRole.VIEWER));
        JsonNode summary = ok(get("/api/v1/process/" + fixture.guid(D) + "/0"));
        assertEquals(fixture.guid(D), summary.get("process").get("id").asText());
        JsonNode adminSummary = adminGet("/api/v1/process/" + fixture.guid(D) + "/0");
        // Same sensor throughout: the viewer of its group sees what the admin sees.
        assertEquals(adminSummary.get("parent"), summary.get("parent"));
        assertEquals(
                adminSummary.get("children").size(), summary.get("children").size());
    }

    @Test
    void hostCountCountsVisibleSensorsOnly() throws Exception {
        String md5 = adminRow(E).get("process_md5").asText();
        String url = "/api/v1/process/host/count?cb.freqver=1&md5=" + md5 + "&name=md5";
        JsonNode admin = adminGet(url);
        assertEquals(1, admin.get("hostCount").asLong());
        roles.roles(Map.of(1, GroupRole.VIEWER));
        JsonNode viewer = ok(get(url));
        assertEquals(0, viewer.get("hostCount").asLong());
        assertEquals(0, viewer.get("globalCount").asLong());
        assertEquals(6, viewer.get("numDocs").asLong());
        roles.roles(Map.of(dcGroup, GroupRole.VIEWER));
        assertEquals(admin.get("hostCount"), ok(get(url)).get("hostCount"));
        assertEquals(1, ok(get(url)).get("numDocs").asLong());
    }

    // ----------------------------------------------------------------------------------------------------- binaries

    @Test
    void binariesAreThoseSeenOnVisibleSensorsDescribedByThoseOnly() throws Exception {
        String url = "/api/v1/binary?cb.urlver=1&facet=true&facet.field=endpoint&q=&rows=100&start=0";
        JsonNode admin = adminGet(url);
        for (Host host : Host.values()) {
            String suffix = "|" + fixture.sensorId(host);
            int group = host == Host.H1 ? 1 : dcGroup;
            Map<String, List<String>> expected = new LinkedHashMap<>();
            for (JsonNode b : admin.get("results")) {
                List<String> mine = new ArrayList<>();
                b.get("endpoint").forEach(ep -> {
                    if (ep.asText().endsWith(suffix)) mine.add(ep.asText());
                });
                if (!mine.isEmpty()) expected.put(b.get("md5").asText(), mine);
            }
            roles.roles(Map.of(group, GroupRole.VIEWER));
            JsonNode r = ok(get(url));
            Map<String, List<String>> seen = new LinkedHashMap<>();
            for (JsonNode b : r.get("results")) {
                List<String> eps = new ArrayList<>();
                b.get("endpoint").forEach(ep -> eps.add(ep.asText()));
                seen.put(b.get("md5").asText(), eps);
                assertEquals(eps.size(), b.get("host_count").asInt(), b.toString());
            }
            assertEquals(expected, seen, host.toString());
            assertEquals(expected.size(), r.get("total_results").asLong());
            for (JsonNode entry : r.get("facets").get("endpoint"))
                assertTrue(entry.get("name").asText().endsWith(suffix), entry.toString());
            assertEquals("sensor_group_access", r.get("filtered").get("reason").asText());
            roles.globalAdmin();
        }
        assertFalse(admin.has("filtered"), "nothing filtered: no note");
    }

    @Test
    void aBinaryNoVisibleSensorSawDoesNotExistForTheCaller() throws Exception {
        JsonNode admin = adminGet("/api/v1/binary?cb.urlver=1&facet=false&q=&rows=100&start=0");
        String h1Only = null;
        String h2Suffix = "|" + fixture.sensorId(Host.H2);
        for (JsonNode b : admin.get("results")) {
            boolean onH2 = false;
            for (JsonNode ep : b.get("endpoint")) onH2 |= ep.asText().endsWith(h2Suffix);
            if (!onH2) h1Only = b.get("md5").asText();
        }
        if (h1Only == null) throw new AssertionError("the fixture has a binary seen on H1 only: " + admin);
        List<String> routes = List.of(
                "/api/v1/binary/" + h1Only + "/summary",
                "/api/v1/binary/" + h1Only + "/icon",
                "/api/v1/binary/" + h1Only);
        // Only what the administrator gets proves anything for the other caller: the fixture stores no file or icon.
        List<String> served = new ArrayList<>();
        for (String route : routes) if (get(route).status() == 200) served.add(route);
        assertTrue(served.contains(routes.get(0)), served.toString());
        roles.roles(Map.of(dcGroup, GroupRole.ADMINISTRATOR));
        for (String route : served) assertEquals(404, get(route).status(), route);
        roles.roles(Map.of(1, GroupRole.VIEWER));
        assertEquals(200, get("/api/v1/binary/" + h1Only + "/summary").status());
        roles.roles(Map.of());
        assertEquals(
                0,
                ok(get("/api/v1/binary?cb.urlver=1&facet=false&q=&rows=100&start=0"))
                        .get("total_results")
                        .asLong());
    }

    @Test
    void perSightingBinaryFieldsAreNotAvailableToAScopedCaller() throws Exception {
        String base = "/api/v1/binary?cb.urlver=1&rows=100&start=0";
        List<String> queries = List.of(
                "hostname:" + ReferenceFixture.H2_NAME,
                "group:x",
                "endpoint:x",
                "observed_filename:x",
                "host_count:1",
                "last_seen:[* TO *]",
                "md5:* and (hostname:x or md5:x)");
        for (String q : queries) assertEquals(200, get(base + "&q=" + enc(q)).status(), q);
        assertEquals(200, get(base + "&q=&sort=" + enc("host_count desc")).status());
        assertEquals(200, get(processes("observed_filename:x.exe", Map.of())).status());
        JsonNode admin = ok(get(base + "&q="));
        boolean anyPath = false;
        for (JsonNode b : admin.get("results"))
            anyPath |= !b.get("observed_filename").isEmpty();
        assertTrue(anyPath, "the fixture has observed paths: " + admin);

        roles.roles(Map.of(1, GroupRole.VIEWER));
        for (String q : queries) {
            TestServer.Response r = get(base + "&q=" + enc(q));
            assertEquals(400, r.status(), q + ": " + r.text());
            assertEquals("field_not_available", r.json().get("reason").asText(), r.text());
        }
        for (String sort : List.of("host_count desc", "last_seen asc", "observed_filename_facet asc")) {
            TestServer.Response r = get(base + "&q=&sort=" + enc(sort));
            assertEquals(400, r.status(), sort + ": " + r.text());
            assertEquals("field_not_available", r.json().get("reason").asText(), r.text());
        }
        JsonNode viewer = ok(get(base + "&q=&facet=true&facet.field=observed_filename_facet&facet.field=host_count"));
        assertTrue(viewer.get("results").size() > 0, viewer.toString());
        for (JsonNode b : viewer.get("results")) {
            assertEquals(0, b.get("observed_filename").size(), b.toString());
            assertFalse(b.has("last_seen"), b.toString());
        }
        assertEquals(0, viewer.get("facets").get("observed_filename_facet").size(), viewer.toString());
        assertEquals(0, viewer.get("facets").get("host_count").size(), viewer.toString());
        // Nor may a process query join on the binary's observed paths.
        TestServer.Response joined = get(processes("observed_filename:x.exe", Map.of()));
        assertEquals(400, joined.status(), joined.text());
        assertEquals("field_not_available", joined.json().get("reason").asText(), joined.text());
        assertEquals(200, get(processes("digsig_result:Signed", Map.of())).status());
        String md5 = viewer.get("results").get(0).get("md5").asText();
        JsonNode summary = ok(get("/api/v1/binary/" + md5 + "/summary"));
        assertEquals(0, summary.get("observed_filename").size(), summary.toString());
        assertFalse(summary.has("last_seen"), summary.toString());
    }

    // ------------------------------------------------------------------------------------------------------- alerts

    @Test
    void alertsAreListedForVisibleSensorsOnly() throws Exception {
        assertEquals(Set.of(alertH1, alertH2, alertBinary), alertIds(""));
        roles.roles(Map.of(1, GroupRole.VIEWER));
        assertEquals(Set.of(alertH1), alertIds(""));
        JsonNode r = ok(get("/api/v2/alert?cb.urlver=1&facet=true&q=&rows=10&start=0"));
        assertEquals(1, r.get("total_results").asLong());
        assertEquals("sensor_group_access", r.get("filtered").get("reason").asText());
        roles.roles(Map.of(dcGroup, GroupRole.ADMINISTRATOR));
        assertEquals(Set.of(alertH2), alertIds(""));
        roles.roles(Map.of());
        assertEquals(Set.of(), alertIds(""));
    }

    @Test
    void changingAnAlertNeedsTheAdministratorRoleInItsGroup() throws Exception {
        String body = "{\"status\": \"In Progress\"}";
        roles.roles(Map.of(1, GroupRole.VIEWER, dcGroup, GroupRole.ADMINISTRATOR));
        assertEquals(403, post("/api/v1/alert/" + alertH1, body).status());
        roles.roles(Map.of(1, GroupRole.ADMINISTRATOR));
        assertEquals(404, post("/api/v1/alert/" + alertH2, body).status());
        assertEquals(404, post("/api/v1/alert/" + alertBinary, body).status());
        assertEquals(200, post("/api/v1/alert/" + alertH1, body).status());
        roles.globalAdmin();
        assertEquals("In Progress", alert(alertH1).get("status").asText());
        assertEquals("Unresolved", alert(alertH2).get("status").asText());
    }

    @Test
    void bulkChangesTouchOnlyAdministeredAlertsAndSaySo() throws Exception {
        roles.roles(Map.of(1, GroupRole.VIEWER, dcGroup, GroupRole.ADMINISTRATOR));
        JsonNode byIds = ok(post(
                "/api/v1/alerts",
                "{\"alert_ids\": [\"" + alertH1 + "\", \"" + alertH2 + "\", \"" + alertBinary
                        + "\"], \"assigned_to\": \"dc-admin\"}"));
        assertEquals("success", byIds.get("result").asText());
        assertEquals(1, byIds.get("changed").asInt());
        assertEquals(2, byIds.get("skipped").asInt());
        JsonNode byQuery = ok(post("/api/v1/alerts", "{\"query\": \"q=\", \"assigned_to\": \"dc-admin-2\"}"));
        // The query sees H1's alert (Viewer) but may not change it.
        assertEquals(1, byQuery.get("changed").asInt());
        assertEquals(1, byQuery.get("skipped").asInt());
        roles.globalAdmin();
        assertEquals("dc-admin-2", alert(alertH2).get("assigned_to").asText());
        assertFalse(alert(alertH1).get("assigned_to").asText().startsWith("dc-admin"));
        assertFalse(alert(alertBinary).get("assigned_to").asText().startsWith("dc-admin"));
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    private static AlertSource source(String watchlist) {
        return new AlertSource(
                "watchlist.hit.query.process", -1, "My Watchlists", 3, watchlist, watchlist, 50, "query", "q", "{}");
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

    private static JsonNode alert(String id) throws Exception {
        JsonNode r = adminGet("/api/v2/alert?cb.urlver=1&q=" + enc("unique_id:" + id) + "&rows=1&start=0");
        assertEquals(1, r.get("results").size(), r.toString());
        return r.get("results").get(0);
    }

    private static Set<String> alertIds(String q) throws Exception {
        JsonNode r = ok(get("/api/v2/alert?cb.urlver=1&q=" + enc(q) + "&rows=100&start=0"));
        Set<String> ids = new HashSet<>();
        r.get("results").forEach(a -> ids.add(a.get("unique_id").asText()));
        assertEquals(ids.size(), r.get("total_results").asLong());
        return ids;
    }

    private static List<String> processRoutes(String guid) {
        String base = "/api/v1/process/" + guid;
        List<String> routes = new ArrayList<>(List.of(
                base,
                base + "/0",
                base + "/segment",
                base + "/0/preview?q=" + enc("process_name:x"),
                base + "/0/threat_intel_hits",
                "/api/v2/process/" + guid,
                "/api/v2/process/" + guid + "/0"));
        for (int v = 1; v <= 4; v++) routes.add("/api/v" + v + "/process/" + guid + "/0/event");
        return routes;
    }

    private static JsonNode adminRow(Doc d) throws Exception {
        for (JsonNode row : adminGet(processes("", Map.of())).get("results")) {
            if (fixture.doc(row) == d) return row;
        }
        throw new AssertionError("no row " + d);
    }

    /** A GET as the global administrator; the roles set before are dropped (tests set them again after). */
    private static JsonNode adminGet(String url) throws Exception {
        roles.globalAdmin();
        return ok(get(url));
    }

    private static Set<Doc> docs(JsonNode r) {
        Set<Doc> out = EnumSet.noneOf(Doc.class);
        r.get("results").forEach(row -> out.add(fixture.doc(row)));
        assertEquals(
                r.get("results").size(),
                out.size(),
                () -> "duplicate rows: " + r.get("results").size());
        return out;
    }

    private static String processes(String q, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("cb.urlver", "1");
        p.put("facet", "false");
        p.put("q", q);
        p.put("rows", "100");
        p.put("sort", "last_update desc");
        p.put("start", "0");
        p.putAll(extra);
        return "/api/v1/process?"
                + p.entrySet().stream()
                        .map(e -> e.getKey() + "=" + enc(e.getValue()))
                        .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode ok(TestServer.Response r) {
        assertEquals(200, r.status(), r.text());
        return r.json();
    }
}
