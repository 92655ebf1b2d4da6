package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lampblack.server.support.ApiCalls;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a stolen token or a careless administrator cannot do: turn a token into a password without the current one,
 * revoke the last way in of the last global administrator, or see a deleted bootstrap admin come back.
 */
class AccountSafetyIT {

    @TempDir
    Path data;

    @Test
    void aDeletedBootstrapAdminDoesNotComeBackOnRestart() throws Exception {
        String root;
        try (TestServer s = TestServer.start(data)) {
            ApiCalls api = new ApiCalls(s);
            root = api.createUser("root", "root password", true);
            assertEquals(200, api.call("DELETE", "/api/user/admin", null, root).status());
        }
        try (TestServer s = TestServer.start(data)) {
            ApiCalls api = new ApiCalls(s);
            assertEquals(200, api.call("GET", "/api/user/root", null, root).status());
            assertEquals(404, api.call("GET", "/api/user/admin", null, root).status(), "admin is not recreated");
        }
    }

    @Test
    void changingOnesOwnPasswordNeedsTheCurrentOne() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            ApiCalls api = new ApiCalls(s);
            String pat = api.createUser("pat", "first password", false);

            TestServer.Response none = api.call("PUT", "/api/user/pat", "{\"password\": \"taken over 1\"}", pat);
            assertEquals(400, none.status(), none.text());
            assertEquals("invalid_current_password", none.json().get("reason").asText());
            TestServer.Response wrong = api.call(
                    "PUT", "/api/user/pat", "{\"password\": \"taken over 1\", \"current_password\": \"a guess\"}", pat);
            assertEquals(403, wrong.status(), wrong.text());
            assertEquals(401, login(s, "pat", "taken over 1"), "the password did not change");

            TestServer.Response right = api.call(
                    "PUT",
                    "/api/user/pat",
                    "{\"password\": \"second password\", \"current_password\": \"first password\"}",
                    pat);
            assertEquals(200, right.status(), right.text());
            assertEquals(200, login(s, "pat", "second password"));
            assertEquals(200, api.call("GET", "/api/user/pat", null, pat).status(), "the token is kept");
            // Names and e-mail need no password; a global administrator changing another's password gives none.
            assertEquals(
                    200,
                    api.call("PUT", "/api/user/pat", "{\"first_name\": \"Pat\"}", pat)
                            .status());
            assertEquals(
                    200,
                    api.admin("PUT", "/api/user/pat", "{\"password\": \"third password\"}")
                            .status());
            assertEquals(200, login(s, "pat", "third password"));

            String quinn = api.createUser("quinn", null, false);
            assertEquals(
                    403,
                    api.call("PUT", "/api/user/quinn", "{\"password\": \"my first one\"}", quinn)
                            .status(),
                    "without a password, the first comes from a global administrator");
        }
    }

    @Test
    void theLastWayInOfTheLastGlobalAdministratorCannotBeRevoked() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            ApiCalls api = new ApiCalls(s);
            // The first start's admin has a password (the console's first login) besides its token: the token may go.
            assertEquals(200, api.admin("GET", "/api/users", null).status());
            String rootToken = api.createUser("root2", null, true);
            TestServer.Response dropped = api.admin("DELETE", "/api/user/admin", null);
            assertEquals(200, dropped.status(), dropped.text());

            // root2, the last global administrator, has no password: its token is its only way in.
            TestServer.Response refused = api.call("DELETE", "/api/v1/user/root2/token", null, rootToken);
            assertEquals(409, refused.status(), refused.text());
            assertEquals("last_global_admin", refused.json().get("reason").asText());
            assertEquals(200, api.call("GET", "/api/users", null, rootToken).status(), "the token still works");

            // A password-less global administrator sets their first password without a current one.
            assertEquals(
                    200,
                    api.call("PUT", "/api/user/root2", "{\"password\": \"root2 password\"}", rootToken)
                            .status());
            assertEquals(
                    200,
                    api.call("DELETE", "/api/v1/user/root2/token", null, rootToken)
                            .status(),
                    "a password is a way in");
            assertEquals(200, login(s, "root2", "root2 password"));
        }
    }

    private static int login(TestServer s, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return s.send(HttpRequest.newBuilder(URI.create(s.server.url() + "/api/auth"))
                        .header("Authorization", "Basic " + basic)
                        .GET())
                .status();
    }
}
