package io.lampblack.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The users the console's end-to-end tests log in as, made through the REST API as an administrator would make them:
 * a global administrator with a password, and a Viewer (a user whose only team has the Viewer role in every sensor
 * group there is).
 */
final class ConsoleUsers {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Credentials(String username, String password) {}

    private final HttpClient http;
    private final String url;
    private final String adminToken;

    /** @param adminToken the API token of a global administrator (the server's bootstrap admin) */
    ConsoleUsers(HttpClient http, String url, String adminToken) {
        this.http = http;
        this.url = url;
        this.adminToken = adminToken;
    }

    Credentials globalAdministrator(String username, String password) throws IOException, InterruptedException {
        ObjectNode user = user(username, password, "Erin", "Analyst");
        user.put("global_admin", true);
        call("POST", "/api/user", user);
        return new Credentials(username, password);
    }

    /** A team "Viewers" with the Viewer role in every group, and a user in it alone. */
    Credentials viewer(String username, String password) throws IOException, InterruptedException {
        ObjectNode team = JSON.createObjectNode().put("name", "Viewers");
        ArrayNode access = team.putArray("group_access");
        for (JsonNode g : call("GET", "/api/group", null)) {
            access.addObject().put("group_id", g.path("id").asInt()).put("access_category", "Viewer");
        }
        int teamId = call("POST", "/api/team", team).path("id").asInt();
        ObjectNode user = user(username, password, "Vic", "Viewer");
        user.put("global_admin", false);
        user.putArray("teams").add(teamId);
        call("POST", "/api/user", user);
        return new Credentials(username, password);
    }

    private static ObjectNode user(String username, String password, String first, String last) {
        return JSON.createObjectNode()
                .put("username", username)
                .put("first_name", first)
                .put("last_name", last)
                .put("email", username + "@example.com")
                .put("password", password)
                .put("confirm_password", password);
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("X-Auth-Token", adminToken);
        if (body != null) b.header("Content-Type", "application/json");
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200)
            throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }
}
