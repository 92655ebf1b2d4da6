package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.support.ApiCalls;
import io.lampblack.server.support.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users and teams through the REST API as cbapi-python calls it (reference §4.7): its request sequences (sorted keys,
 * {@code {"result":"success"}} then a GET), validation naming the field, duplicates, the last global administrator,
 * and role changes taking effect on the next request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsersAndTeamsIT {

    TestServer s;
    ApiCalls api;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        s = TestServer.start(data);
        api = new ApiCalls(s);
    }

    @AfterAll
    void stop() {
        s.close();
    }

    @Test
    void cbapiCreatesAUserThenReadsItBack() throws Exception {
        int team = api.createTeam("Responders", 1, "Viewer");
        // User.save() of a new user: sorted keys, teams flattened to ids, username kept.
        TestServer.Response created = api.admin(
                "POST",
                "/api/user",
                "{\"email\": \"alice@example.org\", \"first_name\": \"Alice\", \"global_admin\": false, \"last_name\":"
                        + " \"Liddell\", \"password\": \"correct horse\", \"teams\": [" + team
                        + "], \"username\": \"alice\"}");
        assertEquals(200, created.status(), created.text());
        assertEquals("{\"result\":\"success\"}", created.text());
        JsonNode alice = api.admin("GET", "/api/user/alice", null).json();
        assertEquals("alice", alice.get("username").asText());
        assertEquals("Alice", alice.get("first_name").asText());
        assertEquals("Liddell", alice.get("last_name").asText());
        assertEquals("alice@example.org", alice.get("email").asText());
        assertFalse(alice.get("global_admin").asBoolean());
        assertTrue(alice.get("auth_token").asText().matches("[0-9a-f]{40}"), alice.toString());
        assertEquals(team, alice.get("teams").get(0).get("id").asInt());
        assertEquals("Responders", alice.get("teams").get(0).get("name").asText());
        assertFalse(alice.has("password"), "never the password or its hash");
        assertFalse(alice.toString().contains("argon2"));

        JsonNode list = api.admin("GET", "/api/users", null).json();
        assertTrue(list.isArray());
        JsonNode listed = find(list, "username", "alice");
        assertEquals(team, listed.get("teams").get(0).get("id").asInt());
        assertFalse(listed.has("auth_token"), "lists show no tokens");

        // Her own token reads her own document, and works for reads.
        String token = alice.get("auth_token").asText();
        assertEquals(200, api.call("GET", "/api/user/alice", null, token).status());
        assertEquals(200, api.call("GET", "/api/info", null, token).status());
    }

    @Test
    void duplicatesAndBadFieldsAreRefusedNamingTheField() throws Exception {
        api.createUser("dup", "password1", false);
        TestServer.Response again =
                api.admin("POST", "/api/user", "{\"username\": \"dup\", \"password\": \"password2\"}");
        assertEquals(409, again.status(), again.text());
        assertEquals("duplicate_username", again.json().get("reason").asText());

        assertField(api.admin("POST", "/api/user", "{\"first_name\": \"x\"}"), "username");
        assertField(api.admin("POST", "/api/user", "{\"username\": \"short\", \"password\": \"1234\"}"), "password");
        assertField(api.admin("POST", "/api/user", "{\"username\": \"m\", \"email\": \"not an address\"}"), "email");
        assertField(
                api.admin("POST", "/api/user", "{\"username\": \"m\", \"global_admin\": \"maybe\"}"), "global_admin");
        assertField(api.admin("POST", "/api/user", "{\"username\": \"m\", \"teams\": [987654]}"), "teams");
        assertField(api.admin("POST", "/api/user", "{\"username\": \"a/b\"}"), "username");
        assertEquals(404, api.admin("GET", "/api/user/m", null).status(), "nothing half-created");

        api.createTeam("Unique", 1, "Administrator");
        TestServer.Response dupTeam = api.admin("POST", "/api/team", "{\"name\": \"Unique\", \"group_access\": []}");
        assertEquals(409, dupTeam.status(), dupTeam.text());
        assertField(
                api.admin(
                        "POST",
                        "/api/team",
                        "{\"name\": \"T\", \"group_access\": [{\"group_id\": 1, \"access_category\": \"Owner\"}]}"),
                "access_category");
        assertField(
                api.admin(
                        "POST",
                        "/api/team",
                        "{\"name\": \"T\", \"group_access\": [{\"group_id\": 4242, \"access_category\": \"Viewer\"}]}"),
                "group_access");
        assertField(api.admin("POST", "/api/team", "{\"group_access\": []}"), "name");
    }

    @Test
    void updatesAcceptTeamsAsIdsOrObjectsAndChangePasswords() throws Exception {
        int a = api.createTeam("Alpha", 1, "Viewer");
        int b = api.createTeam("Beta", 1, "Administrator");
        api.createUser("carol", null, false, a);
        // cbapi ≥ 6.1 sends the full object back, teams as [{id, name}], and its local id = username.
        TestServer.Response put = api.admin(
                "PUT",
                "/api/user/carol",
                "{\"auth_token\": \"x\", \"email\": \"carol@example.org\", \"first_name\": \"Carol\", \"global_admin\":"
                        + " false, \"id\": \"carol\", \"last_name\": \"C\", \"teams\": [{\"id\": " + b
                        + ", \"name\": \"Beta\"}], \"username\": \"carol\"}");
        assertEquals(200, put.status(), put.text());
        JsonNode carol = api.admin("GET", "/api/user/carol", null).json();
        assertEquals("Carol", carol.get("first_name").asText());
        assertEquals(1, carol.get("teams").size());
        assertEquals(b, carol.get("teams").get(0).get("id").asInt());
        // Older cbapi: teams as ids.
        assertEquals(
                200,
                api.admin("PUT", "/api/user/carol", "{\"teams\": [" + a + ", " + b + "], \"username\": \"carol\"}")
                        .status());
        assertEquals(
                2, api.admin("GET", "/api/user/carol", null).json().get("teams").size());

        // Created without a password: no login; after a password change, login works.
        assertEquals(401, basicAuth("carol", "").status());
        assertEquals(
                200,
                api.admin("PUT", "/api/user/carol", "{\"password\": \"new password\", \"username\": \"carol\"}")
                        .status());
        TestServer.Response login = basicAuth("carol", "new password");
        assertEquals(200, login.status(), login.text());
        assertEquals(
                carol.get("auth_token").asText(), login.json().get("auth_token").asText());

        assertEquals(
                404,
                api.admin("PUT", "/api/user/nobody", "{\"username\": \"nobody\"}")
                        .status());
        assertField(api.admin("PUT", "/api/user/carol", "{\"username\": \"someone-else\"}"), "username");
    }

    @Test
    void theLastGlobalAdministratorCannotBeDeletedOrDemoted(@TempDir Path own) throws Exception {
        try (TestServer alone = TestServer.start(own)) {
            ApiCalls a = new ApiCalls(alone);
            TestServer.Response demote =
                    a.admin("PUT", "/api/user/admin", "{\"global_admin\": false, \"username\": \"admin\"}");
            assertEquals(409, demote.status(), demote.text());
            assertEquals("last_global_admin", demote.json().get("reason").asText());
            TestServer.Response delete = a.admin("DELETE", "/api/user/admin", null);
            assertEquals(409, delete.status(), delete.text());
            assertEquals("last_global_admin", delete.json().get("reason").asText());
            assertTrue(delete.json().get("message").asText().contains("last global administrator"));
            assertTrue(a.admin("GET", "/api/user/admin", null)
                    .json()
                    .get("global_admin")
                    .asBoolean());

            // With two, one may go; the other is then the last.
            String second = a.createUser("second-admin", null, true);
            assertEquals(200, a.call("GET", "/api/users", null, second).status());
            TestServer.Response gone = a.call("DELETE", "/api/user/admin", null, second);
            assertEquals(200, gone.status(), gone.text());
            assertEquals(401, a.admin("GET", "/api/info", null).status(), "a deleted user's token stops at once");
            assertEquals(
                    409,
                    a.call("DELETE", "/api/user/second-admin", null, second).status());
            assertEquals(404, a.call("DELETE", "/api/user/admin", null, second).status());
        }
    }

    @Test
    void aDemotionTakesEffectOnTheNextRequest() throws Exception {
        String dave = api.createUser("dave", null, true);
        assertEquals(200, api.call("GET", "/api/users", null, dave).status());
        assertEquals(
                200,
                api.admin("PUT", "/api/user/dave", "{\"global_admin\": false, \"username\": \"dave\"}")
                        .status());
        assertEquals(403, api.call("GET", "/api/users", null, dave).status());
        // A non-administrator may not promote themselves, nor join teams.
        TestServer.Response self =
                api.call("PUT", "/api/user/dave", "{\"global_admin\": true, \"username\": \"dave\"}", dave);
        assertEquals(403, self.status(), self.text());
        TestServer.Response names =
                api.call("PUT", "/api/user/dave", "{\"first_name\": \"David\", \"username\": \"dave\"}", dave);
        assertEquals(200, names.status(), names.text());
        assertEquals(
                "David",
                api.admin("GET", "/api/user/dave", null)
                        .json()
                        .get("first_name")
                        .asText());
        // Without a password, their first one comes from a global administrator (a token alone does not make one);
        // then they change it themselves giving the current one (AccountSafetyIT), and log in with it.
        TestServer.Response first = api.call(
                "PUT", "/api/user/dave", "{\"password\": \"dave's own password\", \"username\": \"dave\"}", dave);
        assertEquals(403, first.status(), first.text());
        assertEquals(
                200,
                api.admin("PUT", "/api/user/dave", "{\"password\": \"given by admin\", \"username\": \"dave\"}")
                        .status());
        TestServer.Response pw = api.call(
                "PUT",
                "/api/user/dave",
                "{\"current_password\": \"given by admin\", \"password\": \"dave's own password\","
                        + " \"username\": \"dave\"}",
                dave);
        assertEquals(200, pw.status(), pw.text());
        assertEquals(200, basicAuth("dave", "dave's own password").status());
        // Others' documents and tokens are not theirs to see.
        assertEquals(404, api.call("GET", "/api/user/admin", null, dave).status());
        assertEquals(
                404, api.call("POST", "/api/v1/user/admin/token", null, dave).status());
    }

    @Test
    void tokensRotateAndRevokeAtOnce() throws Exception {
        String old = api.createUser("erin", "erin password", false);
        assertEquals(200, api.call("GET", "/api/info", null, old).status());
        TestServer.Response rotated = api.call("POST", "/api/v1/user/erin/token", null, old);
        assertEquals(200, rotated.status(), rotated.text());
        String fresh = rotated.json().get("auth_token").asText();
        assertTrue(fresh.matches("[0-9a-f]{40}"));
        assertNotEquals(old, fresh);
        assertEquals(401, api.call("GET", "/api/info", null, old).status(), "the old token stops at once");
        assertEquals(200, api.call("GET", "/api/info", null, fresh).status());
        assertEquals(
                fresh,
                api.admin("GET", "/api/user/erin", null)
                        .json()
                        .get("auth_token")
                        .asText());

        assertEquals(200, api.admin("DELETE", "/api/v1/user/erin/token", null).status());
        assertEquals(401, api.call("GET", "/api/info", null, fresh).status(), "a revoked token stops at once");
        assertTrue(api.admin("GET", "/api/user/erin", null)
                .json()
                .path("auth_token")
                .isMissingNode());
        // Logging in hands out a new one.
        TestServer.Response login = s.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.server.url() + "/api/auth/retrieve-token"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"password\": \"erin password\", \"username\": \"erin\"}")));
        assertEquals(200, login.status(), login.text());
        String third = login.json().get("auth_token").asText();
        assertEquals(200, api.call("GET", "/api/info", null, third).status());
        assertEquals(404, api.admin("POST", "/api/v1/user/nobody/token", null).status());
    }

    @Test
    void teamsAreReadChangedAndDeleted() throws Exception {
        TestServer.Response created = api.admin(
                "POST",
                "/api/team",
                "{\"group_access\": [{\"access_category\": \"Administrator\", \"group_id\": 1, \"group_name\":"
                        + " \"Default Group\"}], \"name\": \"Hunters\"}");
        assertEquals(200, created.status(), created.text());
        JsonNode team = created.json();
        int id = team.get("id").asInt();
        assertEquals("Hunters", team.get("name").asText());
        JsonNode access = team.get("group_access").get(0);
        assertEquals(1, access.get("group_id").asInt());
        assertEquals("Default Group", access.get("group_name").asText());
        assertEquals("Administrator", access.get("access_category").asText());
        assertEquals(
                id,
                find(api.admin("GET", "/api/teams", null).json(), "name", "Hunters")
                        .get("id")
                        .asInt());

        TestServer.Response put = api.admin(
                "PUT",
                "/api/team/" + id,
                "{\"group_access\": [{\"access_category\": \"Viewer\", \"group_id\": 1}], \"id\": " + id
                        + ", \"name\": \"Hunters 2\"}");
        assertEquals(200, put.status(), put.text());
        JsonNode read = api.admin("GET", "/api/team/" + id, null).json();
        assertEquals("Hunters 2", read.get("name").asText());
        assertEquals(
                "Viewer", read.get("group_access").get(0).get("access_category").asText());

        api.createUser("frank", null, false, id);
        assertEquals(200, api.admin("DELETE", "/api/team/" + id, null).status());
        assertEquals(404, api.admin("GET", "/api/team/" + id, null).status());
        assertEquals(
                0, api.admin("GET", "/api/user/frank", null).json().get("teams").size());
        assertEquals(404, api.admin("DELETE", "/api/team/" + id, null).status());
        assertEquals(404, api.admin("GET", "/api/team/abc", null).status());
    }

    @Test
    void loginsAnswerTheTokenAndFailuresAreThrottled() throws Exception {
        String token = api.createUser("grace", "grace's password", true);
        TestServer.Response ok = basicAuth("grace", "grace's password");
        assertEquals(200, ok.status(), ok.text());
        JsonNode auth = ok.json();
        assertEquals(token, auth.get("auth_token").asText());
        assertEquals("grace", auth.get("username").asText());
        assertTrue(auth.get("user_id").asInt() > 1, auth.toString());
        assertEquals("F", auth.get("first_name").asText());
        assertEquals("L", auth.get("last_name").asText());
        assertTrue(auth.get("global_admin").asBoolean());

        TestServer.Response none =
                s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.server.url() + "/api/auth"))
                        .GET());
        assertEquals(401, none.status());

        for (int i = 0; i < 5; i++)
            assertEquals(401, basicAuth("grace", "wrong " + i).status());
        TestServer.Response throttled =
                s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.server.url() + "/api/auth"))
                        .header("Authorization", basic("grace", "grace's password")));
        assertEquals(429, throttled.status(), "even the right password, until the window ends");
        assertEquals("too_many_login_failures", throttled.json().get("reason").asText());
        assertEquals(401, basicAuth("nobody-at-all", "whatever").status(), "another username is not throttled");
    }

    @Test
    void theDatabaseAloneHoldsNoTokenNorPassword() throws Exception {
        String token = api.createUser("heidi", "heidi's password", false);
        List<String> values = new ArrayList<>();
        try (Connection c = s.server.store().database().dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select * from app_user")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++)
                    values.add(String.valueOf(rs.getObject(i)));
            }
        }
        assertTrue(values.contains("heidi"), values.toString());
        for (String v : values) {
            assertFalse(v.contains(token), "a token in clear: " + v);
            assertFalse(v.contains("heidi's password"), "a password in clear: " + v);
        }
        assertTrue(values.stream().anyMatch(v -> v.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")), values.toString());
    }

    private TestServer.Response basicAuth(String user, String password) throws Exception {
        return s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.server.url() + "/api/auth"))
                .header("Authorization", basic(user, password))
                .GET());
    }

    private static String basic(String user, String password) {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static JsonNode find(JsonNode array, String key, String value) {
        for (JsonNode n : array) if (n.path(key).asText().equals(value)) return n;
        throw new AssertionError("no " + key + "=" + value + " in " + array);
    }

    private static void assertField(TestServer.Response r, String field) {
        assertEquals(400, r.status(), r.text());
        assertTrue(r.json().get("message").asText().contains("'" + field + "'"), r.text());
    }
}
