package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lampblack.server.api.Router;
import io.lampblack.server.api.Router.Access.Level;
import io.lampblack.server.support.ApiCalls;
import io.lampblack.server.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every API route walked with every kind of caller (issue 13, "Roles"): no token, a global administrator, an
 * Administrator of group 1, a Viewer of group 1 and a user whose team has No Access to it, all created through the
 * API. Each route's expected access level is written in {@link #TABLE}; a registered route missing from it fails the
 * test (new routes are added here when they are added to the server), as does a route whose level differs.
 *
 * <p>What each caller must get, by level: no token 401 on every API route; READ: everyone else passes; ANALYST: the
 * global and the group administrator pass, the others 403; GLOBAL_ADMIN: only the global administrator passes, the
 * others 403; GROUP_READ / GROUP_ADMIN (objects of group 1): No Access 404, a Viewer passes reads and gets 403 on
 * actions. "Passes" means the router let the request through to its handler: anything but 401 and 403, and no 500
 * (handlers answer 400 for the empty bodies and 404 for the unknown ids used here, which changes nothing).
 */
class AccessMatrixIT {

    /** A route and how it is called; {@code path} has every parameter filled in. */
    record Row(String method, String pattern, Level level, String path, String body) {}

    enum Role {
        NONE,
        GLOBAL_ADMIN,
        GROUP_ADMIN,
        GROUP_VIEWER,
        NO_ACCESS
    }

    /** Values for path parameters: unknown objects, so that no call changes anything that matters. */
    private static final Map<String, String> PARAMS = Map.ofEntries(
            Map.entry("id", "999999"),
            Map.entry("aid", "999999"),
            Map.entry("fid", "999999"),
            Map.entry("rid", "no-such-report"),
            Map.entry("md5", "0123456789ABCDEF0123456789ABCDEF"),
            Map.entry("guid", "00000001-0000-0001-01d0-000000000001"),
            Map.entry("segment", "0"),
            Map.entry("name", "no-such-partition"),
            Map.entry("username", "no-such-user"),
            Map.entry("cfg", "999999"),
            Map.entry("os", "linux"),
            Map.entry("kind", "exe"),
            Map.entry("process_id", "00000001-0000-0001-01d0-000000000001"),
            Map.entry("session", "999999"),
            Map.entry("command", "999999"),
            Map.entry("file", "999999"));

    private static final List<Row> TABLE = new ArrayList<>();

    private static void row(String method, String pattern, Level level) {
        TABLE.add(new Row(
                method,
                pattern,
                level,
                fill(pattern, PARAMS),
                method.equals("GET") || method.equals("HEAD") || method.equals("DELETE") ? null : "{}"));
    }

    static {
        // Server, health and metrics
        row("GET", "/api/info", Level.READ);
        row("GET", "/metrics", Level.READ);
        row("GET", "/api/health", Level.PUBLIC);
        // Users, teams, logins, audit
        row("GET", "/api/users", Level.GLOBAL_ADMIN);
        row("POST", "/api/user", Level.GLOBAL_ADMIN);
        row("GET", "/api/user/{username}", Level.READ);
        row("PUT", "/api/user/{username}", Level.READ);
        row("DELETE", "/api/user/{username}", Level.GLOBAL_ADMIN);
        row("POST", "/api/v1/user/{username}/token", Level.READ);
        row("DELETE", "/api/v1/user/{username}/token", Level.READ);
        row("GET", "/api/teams", Level.GLOBAL_ADMIN);
        row("POST", "/api/team", Level.GLOBAL_ADMIN);
        row("GET", "/api/team/{id}", Level.GLOBAL_ADMIN);
        row("PUT", "/api/team/{id}", Level.GLOBAL_ADMIN);
        row("DELETE", "/api/team/{id}", Level.GLOBAL_ADMIN);
        row("GET", "/api/auth", Level.PUBLIC);
        row("POST", "/api/auth/retrieve-token", Level.PUBLIC);
        row("GET", "/api/useractivity", Level.GLOBAL_ADMIN);
        // Everything else on the server, as it stood when the access slice landed
        row("GET", "/api/v1/alert", Level.READ);
        row("POST", "/api/v1/alert/{id}", Level.GROUP_ADMIN);
        row("POST", "/api/v1/alerts", Level.ANALYST);
        row("POST", "/api/v1/backup", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/banning/blacklist", Level.READ);
        row("POST", "/api/v1/banning/blacklist", Level.GLOBAL_ADMIN);
        row("DELETE", "/api/v1/banning/blacklist/{md5}", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/banning/blacklist/{md5}", Level.READ);
        row("PUT", "/api/v1/banning/blacklist/{md5}", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/banning/restrictions", Level.READ);
        row("GET", "/api/v1/banning/whitelist", Level.READ);
        row("GET", "/api/v1/binary", Level.READ);
        row("POST", "/api/v1/binary", Level.READ);
        row("GET", "/api/v1/binary/{md5}", Level.READ);
        row("GET", "/api/v1/binary/{md5}/icon", Level.READ);
        row("GET", "/api/v1/binary/{md5}/summary", Level.READ);
        row("GET", "/api/v1/feed", Level.READ);
        row("POST", "/api/v1/feed", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/feed/{fid}/report", Level.READ);
        row("GET", "/api/v1/feed/{fid}/report/{rid}", Level.READ);
        row("DELETE", "/api/v1/feed/{id}", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/feed/{id}", Level.READ);
        row("PUT", "/api/v1/feed/{id}", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/feed/{id}/action", Level.READ);
        row("POST", "/api/v1/feed/{id}/action", Level.GLOBAL_ADMIN);
        row("DELETE", "/api/v1/feed/{id}/action/{aid}", Level.GLOBAL_ADMIN);
        row("PUT", "/api/v1/feed/{id}/action/{aid}", Level.GLOBAL_ADMIN);
        row("POST", "/api/v1/feed/{id}/synchronize", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/process", Level.READ);
        row("POST", "/api/v1/process", Level.READ);
        row("GET", "/api/v1/process/host/count", Level.READ);
        row("GET", "/api/v1/process/{guid}", Level.GROUP_READ);
        row("GET", "/api/v1/process/{guid}/segment", Level.GROUP_READ);
        row("GET", "/api/v1/process/{guid}/{segment}", Level.GROUP_READ);
        row("GET", "/api/v1/process/{guid}/{segment}/event", Level.GROUP_READ);
        row("GET", "/api/v1/process/{guid}/{segment}/preview", Level.GROUP_READ);
        row("GET", "/api/v1/process/{guid}/{segment}/threat_intel_hits", Level.GROUP_READ);
        row("POST", "/api/v1/sensor/registration_token", Level.GLOBAL_ADMIN);
        row("POST", "/api/v1/storage/events/new_partition", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/storage/events/partition", Level.READ);
        row("DELETE", "/api/v1/storage/events/{name}", Level.GLOBAL_ADMIN);
        row("POST", "/api/v1/storage/events/{name}/mount", Level.GLOBAL_ADMIN);
        row("POST", "/api/v1/storage/events/{name}/unmount", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/threat_report", Level.READ);
        row("POST", "/api/v1/threat_report", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/watchlist", Level.READ);
        row("POST", "/api/v1/watchlist", Level.GLOBAL_ADMIN);
        row("DELETE", "/api/v1/watchlist/{id}", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/watchlist/{id}", Level.READ);
        row("PUT", "/api/v1/watchlist/{id}", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/watchlist/{id}/action", Level.READ);
        row("POST", "/api/v1/watchlist/{id}/action", Level.GLOBAL_ADMIN);
        row("DELETE", "/api/v1/watchlist/{id}/action/{aid}", Level.GLOBAL_ADMIN);
        row("PUT", "/api/v1/watchlist/{id}/action/{aid}", Level.GLOBAL_ADMIN);
        row("GET", "/api/v2/alert", Level.READ);
        row("POST", "/api/v2/alerts", Level.ANALYST);
        row("GET", "/api/v2/process/{guid}", Level.GROUP_READ);
        row("GET", "/api/v2/process/{guid}/{segment}", Level.GROUP_READ);
        row("GET", "/api/v2/process/{guid}/{segment}/event", Level.GROUP_READ);
        row("GET", "/api/v3/process/{guid}/{segment}/event", Level.GROUP_READ);
        row("GET", "/api/v4/process/{guid}/{segment}/event", Level.GROUP_READ);
        // Issue 13: sensors, groups, sites, throttles, ingress filters, investigations, administration
        row("DELETE", "/api/group/{id}", Level.GLOBAL_ADMIN);
        row("DELETE", "/api/investigation/{id}", Level.ANALYST);
        row("DELETE", "/api/site/{id}", Level.GLOBAL_ADMIN);
        row("DELETE", "/api/tagged_event/{id}", Level.ANALYST);
        row("DELETE", "/api/throttle/{id}", Level.GLOBAL_ADMIN);
        row("DELETE", "/api/v1/group/{id}/datasharing", Level.GLOBAL_ADMIN);
        row("DELETE", "/api/v1/group/{id}/datasharing/{cfg}", Level.GLOBAL_ADMIN);
        row("DELETE", "/api/v1/group/{id}/registration_token", Level.GLOBAL_ADMIN);
        row("DELETE", "/api/v1/ingress_whitelist/{id}", Level.GLOBAL_ADMIN);
        row("DELETE", "/api/v2/group/{id}", Level.GLOBAL_ADMIN);
        row("DELETE", "/api/v3/group/{id}", Level.GLOBAL_ADMIN);
        row("GET", "/api/builds", Level.READ);
        row("GET", "/api/group", Level.READ);
        row("GET", "/api/group/{id}", Level.GROUP_READ);
        row("GET", "/api/investigation/{id}", Level.READ);
        row("GET", "/api/investigations", Level.READ);
        row("GET", "/api/license", Level.READ);
        row("GET", "/api/login-caps", Level.PUBLIC);
        row("GET", "/api/server", Level.READ);
        row("GET", "/api/site", Level.READ);
        row("GET", "/api/site/{id}", Level.READ);
        row("GET", "/api/tagged_event/{id}", Level.READ);
        row("GET", "/api/tagged_events/{process_id}", Level.READ);
        row("GET", "/api/throttle", Level.GLOBAL_ADMIN);
        row("GET", "/api/throttle/{id}", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/binary/{md5}/threat_intel_hits", Level.READ);
        row("GET", "/api/v1/dashboard/statistics", Level.READ);
        row("GET", "/api/v1/dashboard/ingest", Level.READ);
        row("GET", "/api/v1/feed/{id}/icon", Level.READ);
        row("GET", "/api/v1/feed/{id}/report/{rid}/stats", Level.READ);
        row("GET", "/api/v1/feed/{id}/requirements", Level.READ);
        row("GET", "/api/v1/group/{id}/datasharing", Level.GROUP_READ);
        row("GET", "/api/v1/group/{id}/datasharing/{cfg}", Level.GROUP_READ);
        // An installer carries the group's enrolment token (issue 14).
        row("GET", "/api/v1/group/{id}/installer/{os}", Level.GROUP_ADMIN);
        row("GET", "/api/v1/group/{id}/installer/{os}/{kind}", Level.GROUP_ADMIN);
        row("GET", "/api/v1/ingress_whitelist", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/ingress_whitelist/{id}", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/license", Level.READ);
        row("GET", "/api/v1/process/{guid}/{segment}/report", Level.GROUP_READ);
        row("GET", "/api/v1/sensor", Level.READ);
        row("GET", "/api/v1/sensor/statistics", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/sensor/{id}", Level.GROUP_READ);
        row("GET", "/api/v1/sensor/{id}/activity", Level.GROUP_READ);
        row("GET", "/api/v1/sensor/{id}/queued", Level.GROUP_READ);
        row("GET", "/api/v1/sensor/{id}/resourcestatus", Level.GROUP_READ);
        row("GET", "/api/v1/settings/global/platformserver", Level.GLOBAL_ADMIN);
        row("GET", "/api/v1/watchlist/{id}/action_type", Level.READ);
        row("GET", "/api/v2/builds", Level.READ);
        row("GET", "/api/v2/group", Level.READ);
        row("GET", "/api/v2/group/{id}", Level.GROUP_READ);
        row("GET", "/api/v2/process/{guid}/{segment}/report", Level.GROUP_READ);
        row("GET", "/api/v2/sensor", Level.READ);
        row("GET", "/api/v3/group", Level.READ);
        row("GET", "/api/v3/group/{id}", Level.GROUP_READ);
        row("POST", "/api/group", Level.GLOBAL_ADMIN);
        row("POST", "/api/investigation", Level.ANALYST);
        row("POST", "/api/license", Level.GLOBAL_ADMIN);
        row("POST", "/api/site", Level.GLOBAL_ADMIN);
        row("POST", "/api/tagged_event", Level.ANALYST);
        row("POST", "/api/throttle", Level.GLOBAL_ADMIN);
        row("POST", "/api/v1/group/{id}/datasharing", Level.GLOBAL_ADMIN);
        row("POST", "/api/v1/group/{id}/registration_token", Level.GLOBAL_ADMIN);
        row("POST", "/api/v1/ingress_whitelist", Level.GLOBAL_ADMIN);
        row("POST", "/api/v1/license", Level.GLOBAL_ADMIN);
        row("POST", "/api/v1/settings/global/platformserver", Level.GLOBAL_ADMIN);
        row("POST", "/api/v2/group", Level.GLOBAL_ADMIN);
        row("POST", "/api/v3/group", Level.GLOBAL_ADMIN);
        row("PUT", "/api/group/{id}", Level.GLOBAL_ADMIN);
        row("PUT", "/api/investigation/{id}", Level.ANALYST);
        row("PUT", "/api/server/{id}", Level.GLOBAL_ADMIN);
        row("PUT", "/api/site/{id}", Level.GLOBAL_ADMIN);
        row("PUT", "/api/tagged_event/{id}", Level.ANALYST);
        row("PUT", "/api/throttle/{id}", Level.GLOBAL_ADMIN);
        row("PUT", "/api/v1/ingress_whitelist/{id}", Level.GLOBAL_ADMIN);
        row("PUT", "/api/v1/sensor/{id}", Level.GROUP_ADMIN);
        row("PUT", "/api/v2/group/{id}", Level.GLOBAL_ADMIN);
        row("PUT", "/api/v3/group/{id}", Level.GLOBAL_ADMIN);
        // Issue 14: live response (group-scoped rows on a session of a group 1 sensor)
        row("GET", "/api/v1/cblr/session", Level.READ);
        row("POST", "/api/v1/cblr/session", Level.ANALYST);
        row("GET", "/api/v1/cblr/session/{session}", Level.GROUP_ADMIN);
        row("PUT", "/api/v1/cblr/session/{session}", Level.GROUP_ADMIN);
        row("GET", "/api/v1/cblr/session/{session}/keepalive", Level.GROUP_ADMIN);
        row("GET", "/api/v1/cblr/session/{session}/command", Level.GROUP_ADMIN);
        row("POST", "/api/v1/cblr/session/{session}/command", Level.GROUP_ADMIN);
        row("GET", "/api/v1/cblr/session/{session}/command/{command}", Level.GROUP_ADMIN);
        row("PUT", "/api/v1/cblr/session/{session}/command/{command}", Level.GROUP_ADMIN);
        row("GET", "/api/v1/cblr/session/{session}/file", Level.GROUP_ADMIN);
        row("POST", "/api/v1/cblr/session/{session}/file", Level.GROUP_ADMIN);
        row("GET", "/api/v1/cblr/session/{session}/file/{file}", Level.GROUP_ADMIN);
        row("PUT", "/api/v1/cblr/session/{session}/file/{file}", Level.GROUP_ADMIN);
        row("DELETE", "/api/v1/cblr/session/{session}/file/{file}", Level.GROUP_ADMIN);
        row("GET", "/api/v1/cblr/session/{session}/file/{file}/content", Level.GROUP_ADMIN);
        row("GET", "/api/v1/cblr/session/{session}/archive", Level.GROUP_ADMIN);
        row("POST", "/sensor/v1/lr/poll", Level.SENSOR);
        row("POST", "/sensor/v1/lr/result", Level.SENSOR);
        row("PUT", "/sensor/v1/lr/file", Level.SENSOR);
        row("GET", "/sensor/v1/lr/file/{file}", Level.SENSOR);
        row("POST", "/sensor/v1/binary", Level.SENSOR);
        row("POST", "/sensor/v1/checkin", Level.SENSOR);
        row("POST", "/sensor/v1/eventlog", Level.SENSOR);
        row("POST", "/sensor/v1/register", Level.SENSOR);
        // Issue 15: the web console's login and session (a session is the same caller as the user's token), its files
        row("POST", "/api/console/login", Level.PUBLIC);
        row("GET", "/api/console/session", Level.READ);
        row("POST", "/api/console/logout", Level.READ);
        row("GET", "/", Level.PUBLIC);
        row("HEAD", "/", Level.PUBLIC);
        row("GET", "/index.html", Level.PUBLIC);
        row("HEAD", "/index.html", Level.PUBLIC);
        row("GET", "/assets/{file}", Level.PUBLIC);
        row("HEAD", "/assets/{file}", Level.PUBLIC);
    }

    /**
     * The path a row is called at: group-scoped routes on real objects of group 1 (a sensor registered there, its
     * processes, an alert about it, the group itself), so that the router decides by the object's group; every other
     * route on unknown objects.
     */
    private static String path(Row row, Map<String, String> group1) {
        if (row.level() != Level.GROUP_READ && row.level() != Level.GROUP_ADMIN) return row.path();
        Map<String, String> params = new java.util.HashMap<>(PARAMS);
        params.putAll(group1);
        if (row.pattern().contains("/group/")) params.put("id", "1");
        else if (row.pattern().contains("/alert/")) params.put("id", group1.get("alert"));
        return fill(row.pattern(), params);
    }

    private static String fill(String pattern, Map<String, String> params) {
        Matcher m = Pattern.compile("\\{([a-z0-9_]+)\\}").matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = params.get(m.group(1));
            if (v == null) throw new IllegalStateException("no test value for path parameter " + m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    @TempDir
    Path data;

    @Test
    void everyRouteAnswersEveryRoleAsItsLevelSays() throws Exception {
        Path console = io.lampblack.server.support.ConsoleFixture.write(data.resolve("console"));
        try (TestServer s = TestServer.start(data.resolve("data"), "console-dir", console.toString())) {
            ApiCalls api = new ApiCalls(s);
            int admins = api.createTeam("group 1 administrators", 1, "Administrator");
            int viewers = api.createTeam("group 1 viewers", 1, "Viewer");
            int none = api.createTeam("group 1 no access", 1, "No Access");
            Map<Role, String> tokens = new LinkedHashMap<>();
            tokens.put(Role.NONE, null);
            tokens.put(Role.GLOBAL_ADMIN, api.createUser("matrix-global", "global password", true));
            tokens.put(Role.GROUP_ADMIN, api.createUser("matrix-admin", "admin password", false, admins));
            tokens.put(Role.GROUP_VIEWER, api.createUser("matrix-viewer", "viewer password", false, viewers));
            tokens.put(Role.NO_ACCESS, api.createUser("matrix-none", "none password", false, none));

            checkTableCoversEveryRoute(s.server.access().registeredRoutes());
            Map<String, String> group1 = group1Objects(s);

            List<String> wrong = new ArrayList<>();
            for (Row row : TABLE) {
                if (row.level() == Level.SENSOR) continue; // sensors authenticate themselves (SensorProtocolIT)
                for (var e : tokens.entrySet()) {
                    TestServer.Response r = api.call(row.method(), path(row, group1), row.body(), e.getValue());
                    String expected = expected(row.level(), e.getKey());
                    if (!meets(expected, r.status())) {
                        wrong.add(row.method() + " " + path(row, group1) + " as " + e.getKey() + ": expected "
                                + expected + ", got " + r.status() + " " + r.text());
                    }
                }
            }
            if (!wrong.isEmpty())
                fail(wrong.size() + " answers differ from the access table:\n" + String.join("\n", wrong));
        }
    }

    /** A sensor registered in group 1, a process GUID of it and an alert about it: the group-scoped rows' objects. */
    private static Map<String, String> group1Objects(TestServer s) throws Exception {
        int sensorId = new io.lampblack.sensor.simulate.Simulator(s.sensorClient(), "")
                .register(1, 7)
                .getFirst()
                .identity()
                .sensorId();
        String guid = "%08x-0000-0001-01d0-000000000001".formatted(sensorId);
        String alert = s.server
                .alerts()
                .alerts()
                .raise(
                        new io.lampblack.server.alert.AlertSource(
                                "watchlist.hit.query.process",
                                -1,
                                "My Watchlists",
                                3,
                                "w1",
                                "w1",
                                50,
                                "query",
                                "q",
                                "{}"),
                        new io.lampblack.server.alert.AlertSubject(
                                sensorId,
                                "matrix-host",
                                "Default Group",
                                "windows",
                                guid,
                                1_700_000_000_000L,
                                "cmd.exe",
                                "c:\\cmd.exe",
                                "0123456789abcdef0123456789abcdef",
                                "user"))
                .orElseThrow()
                .get("unique_id")
                .asText();
        // A live-response session on a group 1 sensor that takes them (pending: the sensor does not poll).
        int lrSensor = io.lampblack.server.support.TestLiveSensor.register(s, "matrix-lr", 1, true)
                .id
                .sensorId();
        String session = new ApiCalls(s)
                .admin("POST", "/api/v1/cblr/session", "{\"sensor_id\": " + lrSensor + "}")
                .json()
                .get("id")
                .asText();
        return Map.of("id", Integer.toString(sensorId), "guid", guid, "alert", alert, "session", session);
    }

    private static void checkTableCoversEveryRoute(List<Router.RouteInfo> routes) {
        Map<String, Level> table = new LinkedHashMap<>();
        for (Row r : TABLE) table.put(r.method() + " " + r.pattern(), r.level());
        Set<String> missing = new TreeSet<>();
        List<String> differing = new ArrayList<>();
        for (Router.RouteInfo r : routes) {
            String key = r.method() + " " + r.pattern();
            Level level = table.get(key);
            if (level == null)
                missing.add("row(\"" + r.method() + "\", \"" + r.pattern() + "\", Level."
                        + r.access().level() + ");");
            else if (level != r.access().level())
                differing.add(
                        key + ": table " + level + ", server " + r.access().level());
        }
        assertTrue(routes.size() > 40, "the router lists its routes: " + routes.size());
        assertEquals(Set.of(), missing, "registered routes missing from the access table");
        assertEquals(List.of(), differing, "routes whose access level differs from the table");
    }

    /** "401", "403", "404" or "pass". */
    private static String expected(Level level, Role role) {
        if (level == Level.PUBLIC) return "pass-public";
        if (role == Role.NONE) return "401";
        return switch (level) {
            case READ -> "pass";
            case ANALYST -> role == Role.GLOBAL_ADMIN || role == Role.GROUP_ADMIN ? "pass" : "403";
            case GLOBAL_ADMIN -> role == Role.GLOBAL_ADMIN ? "pass" : "403";
            case GROUP_READ -> role == Role.NO_ACCESS ? "404" : "pass";
            case GROUP_ADMIN -> role == Role.NO_ACCESS ? "404" : role == Role.GROUP_VIEWER ? "403" : "pass";
            case PUBLIC, SENSOR -> throw new IllegalStateException();
        };
    }

    private static boolean meets(String expected, int status) {
        return switch (expected) {
            case "pass" -> status != 401 && status != 403 && status < 500;
            // Public routes need no token: never 403, never 500 (GET /api/auth answers 401 asking for credentials).
            case "pass-public" -> status != 403 && status < 500;
            default -> status == Integer.parseInt(expected);
        };
    }
}
