package io.lampblack.server.support;

import java.net.URI;
import java.net.http.HttpRequest;

/** REST calls with any method, body and token (or none), for tests that act as several users. */
public final class ApiCalls {

    private final TestServer server;

    public ApiCalls(TestServer server) {
        this.server = server;
    }

    public TestServer.Response call(String method, String path, String jsonOrNull, String tokenOrNull)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.server.url() + path))
                .method(
                        method,
                        jsonOrNull == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonOrNull));
        if (jsonOrNull != null) b.header("Content-Type", "application/json");
        if (tokenOrNull != null) b.header("X-Auth-Token", tokenOrNull);
        return server.send(b);
    }

    /** As the bootstrap administrator. */
    public TestServer.Response admin(String method, String path, String jsonOrNull) throws Exception {
        return call(method, path, jsonOrNull, server.token);
    }

    /** Creates a user and answers their token (read back from their user document, as an administrator sees it). */
    public String createUser(String username, String password, boolean globalAdmin, Integer... teamIds)
            throws Exception {
        StringBuilder teams = new StringBuilder();
        for (Integer t : teamIds) teams.append(teams.isEmpty() ? "" : ", ").append(t);
        String body = "{\"email\": \"" + username + "@example.org\", \"first_name\": \"F\", \"global_admin\": "
                + globalAdmin + ", \"last_name\": \"L\", "
                + (password == null ? "" : "\"password\": \"" + password + "\", ")
                + "\"teams\": [" + teams + "], \"username\": \"" + username + "\"}";
        TestServer.Response r = admin("POST", "/api/user", body);
        if (r.status() != 200) throw new AssertionError("creating " + username + ": " + r.status() + " " + r.text());
        return admin("GET", "/api/user/" + username, null)
                .json()
                .get("auth_token")
                .asText();
    }

    /** Creates a team with one group's access and answers its id. */
    public int createTeam(String name, int groupId, String accessCategory) throws Exception {
        TestServer.Response r = admin(
                "POST",
                "/api/team",
                "{\"group_access\": [{\"access_category\": \"" + accessCategory + "\", \"group_id\": " + groupId
                        + ", \"group_name\": \"\"}], \"name\": \"" + name + "\"}");
        if (r.status() != 200) throw new AssertionError("creating team " + name + ": " + r.status() + " " + r.text());
        return r.json().get("id").asInt();
    }
}
