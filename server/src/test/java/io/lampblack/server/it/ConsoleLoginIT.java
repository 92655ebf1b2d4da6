package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.assembly.ServerInfo;
import io.lampblack.server.support.ApiCalls;
import io.lampblack.server.support.ConsoleBrowser;
import io.lampblack.server.support.MutableClock;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console's login on a real server (issue 15, "Login and safety"): the session cookie and what it
 * authenticates, CSRF on changes, logout, idle and absolute expiry on the server's clock, sessions ended by a user's
 * deletion or new password, failed and throttled logins audited, a Viewer's session refused what a Viewer's token is,
 * one's own API token, and the bound on one user's sessions.
 */
class ConsoleLoginIT {

    private static final Pattern SET_COOKIE = Pattern.compile(
            "__Host-lampblack_session=([A-Za-z0-9_-]{43}); Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=(\\d+)");

    @TempDir
    static Path data;

    static final MutableClock clock = MutableClock.at("2026-04-01T09:00:00Z");
    static TestServer server;
    static ApiCalls api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(data, clock);
        api = new ApiCalls(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static int status(HttpResponse<byte[]> r) {
        return r.statusCode();
    }

    private static String text(HttpResponse<byte[]> r) {
        return r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aLoginSetsTheCookieThatAuthenticatesReadsAndChangesCarryingTheCsrfToken() throws Exception {
        api.createUser("ivy", "ivy password", true);
        ConsoleBrowser browser = new ConsoleBrowser(server);
        HttpResponse<byte[]> login = browser.login("ivy", "ivy password");
        assertEquals(200, status(login), text(login));
        Matcher cookie =
                SET_COOKIE.matcher(login.headers().firstValue("Set-Cookie").orElseThrow());
        assertTrue(cookie.matches(), login.headers().firstValue("Set-Cookie").get());
        assertEquals(12 * 3600, Integer.parseInt(cookie.group(2)), "Max-Age: the session's lifetime");
        JsonNode doc = ConsoleBrowser.json(login);
        assertEquals("ivy", doc.get("username").asText());
        assertEquals("F", doc.get("first_name").asText());
        assertEquals("L", doc.get("last_name").asText());
        assertEquals("ivy@example.org", doc.get("email").asText());
        assertTrue(doc.get("global_admin").asBoolean());
        assertTrue(doc.get("csrf_token").asText().matches("[A-Za-z0-9_-]{43}"));
        assertEquals(
                clock.instant().plus(Duration.ofHours(12)),
                Instant.parse(doc.get("expires").asText()));
        assertEquals(1800, doc.get("idle_seconds").asInt());
        assertEquals(
                "[{\"group_id\":1,\"group_name\":\"Default Group\",\"role\":\"Administrator\"}]",
                doc.get("group_roles").toString());
        assertFalse(doc.toString().contains(browser.cookie()), "the session id is only in the cookie");

        HttpResponse<byte[]> session = browser.call("GET", "/api/console/session", null, null);
        assertEquals(200, status(session), text(session));
        assertEquals(doc, ConsoleBrowser.json(session));
        assertEquals(200, status(browser.call("GET", "/api/users", null, null)), "a read needs no CSRF token");

        String team = "{\"name\": \"console team\", \"group_access\": []}";
        for (String csrf : new String[] {null, "", "wrong", browser.cookie()}) {
            HttpResponse<byte[]> refused = browser.call("POST", "/api/team", team, csrf);
            assertEquals(403, status(refused), text(refused));
            assertEquals(
                    "csrf_token_invalid",
                    ConsoleBrowser.json(refused).get("reason").asText());
        }
        assertFalse(
                api.admin("GET", "/api/teams", null).text().contains("console team"), "refused changes change nothing");
        HttpResponse<byte[]> made = browser.call("POST", "/api/team", team);
        assertEquals(200, status(made), text(made));
        assertTrue(api.admin("GET", "/api/teams", null).text().contains("console team"));

        JsonNode audit = api.admin("GET", "/api/useractivity?limit=20", null).json();
        assertTrue(has(audit, "ivy", "/api/console/login", 200, "console login succeeded"), audit.toString());
        assertTrue(has(audit, "ivy", "/api/team", 403, "Forbidden"), "a refused change is audited as the user");
        assertTrue(has(audit, "ivy", "/api/team", 200, "OK"), audit.toString());
        assertFalse(audit.toString().contains(browser.cookie()), "the session id is never in the audit log");

        HttpResponse<byte[]> noCsrf = browser.call("POST", "/api/console/logout", null, null);
        assertEquals(403, status(noCsrf), "logging out is a change too: " + text(noCsrf));
        assertEquals(200, status(browser.call("GET", "/api/console/session", null)));
        HttpResponse<byte[]> logout = browser.call("POST", "/api/console/logout", null);
        assertEquals(204, status(logout), text(logout));
        assertEquals(
                "__Host-lampblack_session=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
                logout.headers().firstValue("Set-Cookie").orElseThrow());
        HttpResponse<byte[]> after = browser.call("GET", "/api/console/session", null);
        assertEquals(401, status(after), "the session ended on the server, whatever the browser keeps");
        assertEquals("unauthorized", ConsoleBrowser.json(after).get("reason").asText());
        assertEquals(401, status(browser.call("GET", "/api/users", null)));
    }

    @Test
    void theFirstStartsAdminLogsIntoTheConsoleWithThePasswordInServerInfo() throws Exception {
        String password = ServerInfo.read(data).orElseThrow().password();
        assertEquals(server.server.createdAdminPassword(), Optional.of(password));
        ConsoleBrowser browser = new ConsoleBrowser(server);
        HttpResponse<byte[]> login = browser.login("admin", password);
        assertEquals(200, status(login), text(login));
        assertTrue(ConsoleBrowser.json(login).get("global_admin").asBoolean());
        assertEquals(401, status(new ConsoleBrowser(server).login("admin", password + "x")));
    }

    @Test
    void tokenCallsAreUnchangedAndAWrongTokenIsNotRescuedByACookie() throws Exception {
        String token = api.createUser("tom", "tom password", true);
        ConsoleBrowser browser = new ConsoleBrowser(server);
        assertEquals(200, status(browser.login("tom", "tom password")));
        TestServer.Response noSession = api.call("GET", "/api/console/session", null, token);
        assertEquals(404, noSession.status(), noSession.text());
        assertEquals("no_console_session", noSession.json().get("reason").asText());
        assertEquals(
                200,
                api.call("POST", "/api/team", "{\"name\": \"token team\", \"group_access\": []}", token)
                        .status(),
                "a token needs no CSRF token");
        HttpRequest.Builder both = HttpRequest.newBuilder(URI.create(server.server.url() + "/api/users"))
                .header("X-Auth-Token", "0".repeat(40))
                .header("Cookie", "__Host-lampblack_session=" + browser.cookie());
        assertEquals(401, server.send(both).status());
        assertEquals(401, status(new ConsoleBrowser(server).call("GET", "/api/users", null)), "no cookie, no token");
        for (String odd : List.of(
                "__Host-lampblack_session=",
                "__Host-lampblack_session=\"unterminated",
                "__Host-lampblack_session=" + "A".repeat(5_000),
                ";;;=; =x; __Host-lampblack_session",
                // Stale cookies beside the live one: the live one counts (the first four are tried).
                "__Host-lampblack_session=a; __Host-lampblack_session=b; __Host-lampblack_session=c;"
                        + " __Host-lampblack_session=" + browser.cookie())) {
            int st = server.send(HttpRequest.newBuilder(URI.create(server.server.url() + "/api/users"))
                            .header("Cookie", odd))
                    .status();
            assertEquals(odd.endsWith(browser.cookie()) ? 200 : 401, st, odd.substring(0, Math.min(60, odd.length())));
        }
        HttpRequest.Builder unprefixed = HttpRequest.newBuilder(URI.create(server.server.url() + "/api/users"))
                .header("Cookie", "lampblack_session=" + browser.cookie());
        assertEquals(401, server.send(unprefixed).status(), "only the __Host- cookie, which no sibling host can set");
    }

    @Test
    void aSessionEndsAfterItsIdleTimeAndAfterItsLifetime() throws Exception {
        api.createUser("ida", "ida password", false);
        ConsoleBrowser idle = new ConsoleBrowser(server);
        assertEquals(200, status(idle.login("ida", "ida password")));
        clock.advance(Duration.ofMinutes(29));
        assertEquals(200, status(idle.call("GET", "/api/console/session", null)));
        clock.advance(Duration.ofMinutes(29));
        assertEquals(200, status(idle.call("GET", "/api/v1/sensor", null)), "any request keeps the session alive");
        clock.advance(Duration.ofMinutes(30));
        assertEquals(401, status(idle.call("GET", "/api/console/session", null)), "30 minutes without a request");

        ConsoleBrowser busy = new ConsoleBrowser(server);
        assertEquals(200, status(busy.login("ida", "ida password")));
        for (int i = 0; i < 35; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertEquals(200, status(busy.call("GET", "/api/console/session", null)), "after " + (i + 1) * 20 + " min");
        }
        clock.advance(Duration.ofMinutes(20));
        assertEquals(401, status(busy.call("GET", "/api/console/session", null)), "12 hours after the login");
    }

    @Test
    void deletingTheUserOrGivingThemANewPasswordEndsTheirSessions() throws Exception {
        api.createUser("dan", "dan password", false);
        ConsoleBrowser browser = new ConsoleBrowser(server);
        assertEquals(200, status(browser.login("dan", "dan password")));
        assertEquals(
                200,
                api.admin("PUT", "/api/user/dan", "{\"first_name\": \"Daniel\"}")
                        .status());
        HttpResponse<byte[]> renamed = browser.call("GET", "/api/console/session", null);
        assertEquals(200, status(renamed), "a change of names keeps the session");
        assertEquals("Daniel", ConsoleBrowser.json(renamed).get("first_name").asText(), "and is seen at once");
        assertEquals(
                200,
                api.admin("PUT", "/api/user/dan", "{\"password\": \"new dan password\"}")
                        .status());
        assertEquals(401, status(browser.call("GET", "/api/console/session", null)), "a new password ends it");

        // The user changing their own password through the console ends that session too.
        assertEquals(200, status(browser.login("dan", "new dan password")));
        HttpResponse<byte[]> own = browser.call(
                "PUT",
                "/api/user/dan",
                "{\"password\": \"third dan password\", \"current_password\": \"new dan password\"}");
        assertEquals(200, status(own), text(own));
        assertEquals(401, status(browser.call("GET", "/api/console/session", null)));

        assertEquals(200, status(browser.login("dan", "third dan password")));
        assertEquals(200, api.admin("DELETE", "/api/user/dan", null).status());
        assertEquals(401, status(browser.call("GET", "/api/console/session", null)), "a deleted user's session ends");
        api.createUser("dan", "dan password again", false);
        assertEquals(
                401, status(browser.call("GET", "/api/console/session", null)), "a new user of the name inherits none");
    }

    @Test
    void failedLoginsAreRefusedAuditedAndThrottled() throws Exception {
        api.createUser("fay", "fay password", false);
        ConsoleBrowser browser = new ConsoleBrowser(server);
        HttpResponse<byte[]> wrong = browser.login("fay", "not her password");
        assertEquals(401, status(wrong), text(wrong));
        assertEquals("unauthorized", ConsoleBrowser.json(wrong).get("reason").asText());
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());
        assertEquals(401, status(browser.login("nobody-at-all", "whatever password")));

        HttpResponse<byte[]> form = server.http.send(
                HttpRequest.newBuilder(URI.create(server.server.url() + "/api/console/login"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\": \"fay\", \"password\": \"fay password\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(415, status(form), "what another site's form can post is no login: " + text(form));

        for (int i = 0; i < 4; i++) assertEquals(401, status(browser.login("fay", "guess " + i)));
        HttpResponse<byte[]> throttled = browser.login("fay", "fay password");
        assertEquals(429, status(throttled), "even the right password, once the username failed 5 times");
        assertEquals(
                "too_many_login_failures",
                ConsoleBrowser.json(throttled).get("reason").asText());
        assertTrue(
                Integer.parseInt(throttled.headers().firstValue("Retry-After").orElseThrow()) > 0);

        JsonNode audit = api.admin("GET", "/api/useractivity?limit=50", null).json();
        assertTrue(has(audit, "fay", "/api/console/login", 401, "console login failed"), audit.toString());
        assertTrue(has(audit, "nobody-at-all", "/api/console/login", 401, "console login failed"));
        assertTrue(has(audit, "fay", "/api/console/login", 429, "console login refused: too many failures"));

        clock.advance(Duration.ofMinutes(16)); // the throttle's window ends
        assertEquals(200, status(browser.login("fay", "fay password")));
    }

    @Test
    void aViewersSessionIsRefusedWhatAViewersTokenIsRefused() throws Exception {
        int viewers = api.createTeam("console viewers", 1, "Viewer");
        String token = api.createUser("val", "val password", false, viewers);
        ConsoleBrowser browser = new ConsoleBrowser(server);
        HttpResponse<byte[]> login = browser.login("val", "val password");
        assertEquals(
                "[{\"group_id\":1,\"group_name\":\"Default Group\",\"role\":\"Viewer\"}]",
                ConsoleBrowser.json(login).get("group_roles").toString());
        assertFalse(ConsoleBrowser.json(login).get("global_admin").asBoolean());

        record Call(String method, String path, String body) {}
        List<Call> calls = List.of(
                new Call("GET", "/api/users", null),
                new Call("GET", "/api/v1/sensor", null),
                new Call("POST", "/api/v1/alerts", "{\"alert_ids\": [], \"requested_status\": \"Resolved\"}"),
                new Call("POST", "/api/v1/feed", "{}"),
                new Call("GET", "/api/group/1", null),
                new Call("PUT", "/api/group/1", "{}"));
        List<String> differing = new ArrayList<>();
        for (Call c : calls) {
            int byToken = api.call(c.method(), c.path(), c.body(), token).status();
            int byCookie = status(browser.call(c.method(), c.path(), c.body()));
            if (byToken != byCookie) differing.add(c + ": token " + byToken + ", cookie " + byCookie);
        }
        assertEquals(List.of(), differing);
        assertEquals(403, status(browser.call("POST", "/api/v1/alerts", "{}")), "a Viewer triages nothing");
        assertEquals(403, status(browser.call("GET", "/api/users", null)));
        assertEquals(200, status(browser.call("GET", "/api/v1/sensor", null)));
    }

    @Test
    void aUserReadsAndRotatesTheirOwnTokenThroughTheUserRoutes() throws Exception {
        String token = api.createUser("tia", "tia password", false);
        ConsoleBrowser browser = new ConsoleBrowser(server);
        assertEquals(200, status(browser.login("tia", "tia password")));
        HttpResponse<byte[]> read = browser.call("GET", "/api/user/tia", null);
        assertEquals(token, ConsoleBrowser.json(read).get("auth_token").asText());
        assertEquals(404, status(browser.call("GET", "/api/user/admin", null)), "nobody else's");

        assertEquals(403, status(browser.call("POST", "/api/v1/user/tia/token", null, null)), "rotating is a change");
        HttpResponse<byte[]> rotated = browser.call("POST", "/api/v1/user/tia/token", null);
        assertEquals(200, status(rotated), text(rotated));
        String fresh = ConsoleBrowser.json(rotated).get("auth_token").asText();
        assertNotEquals(token, fresh);
        assertEquals(401, api.call("GET", "/api/user/tia", null, token).status(), "the old token is dead");
        assertEquals(200, api.call("GET", "/api/user/tia", null, fresh).status());
        assertEquals(200, status(browser.call("GET", "/api/console/session", null)), "the session is not the token");
        JsonNode audit = api.admin("GET", "/api/useractivity?limit=20", null).json();
        assertTrue(has(audit, "tia", "/api/v1/user/tia/token", 200, "OK"));
        assertFalse(audit.toString().contains(fresh), "never the token itself");
    }

    @Test
    void aUsersOldestSessionEndsWhenTheyHoldTooMany() throws Exception {
        api.createUser("max", "max password", false);
        List<ConsoleBrowser> browsers = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            ConsoleBrowser b = new ConsoleBrowser(server);
            assertEquals(200, status(b.login("max", "max password")));
            browsers.add(b);
        }
        assertEquals(401, status(browsers.getFirst().call("GET", "/api/console/session", null)), "16 per user");
        assertEquals(200, status(browsers.get(1).call("GET", "/api/console/session", null)));
        assertEquals(200, status(browsers.getLast().call("GET", "/api/console/session", null)));

        // A login from a browser that holds a session replaces it rather than adding one.
        ConsoleBrowser again = browsers.get(1);
        String before = again.cookie();
        assertEquals(200, status(again.login("max", "max password")));
        HttpRequest.Builder old = HttpRequest.newBuilder(URI.create(server.server.url() + "/api/console/session"))
                .header("Cookie", "__Host-lampblack_session=" + before);
        assertEquals(401, server.send(old).status());
        assertEquals(200, status(browsers.get(2).call("GET", "/api/console/session", null)), "not evicted");
    }

    /** Whether the audit log (newest first) has an entry with these fields. */
    private static boolean has(JsonNode audit, String user, String path, int status, String description) {
        for (JsonNode e : audit) {
            if (e.path("username").asText().equals(user)
                    && e.path("path").asText().equals(path)
                    && e.path("http_status").asInt() == status
                    && e.path("http_description").asText().equals(description)) return true;
        }
        return false;
    }
}
