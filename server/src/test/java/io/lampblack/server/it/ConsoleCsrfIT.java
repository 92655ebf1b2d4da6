package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.api.Router;
import io.lampblack.server.assembly.ServerInfo;
import io.lampblack.server.support.ApiCalls;
import io.lampblack.server.support.ConsoleBrowser;
import io.lampblack.server.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route that may change something (every API route whose method is not GET, HEAD or OPTIONS), called with a
 * global administrator's console session but without its CSRF token, is refused with 403 {@code csrf_token_invalid}:
 * the refusal comes before the route's handler, so the dummy path parameters never reach one. New routes are walked
 * as they are registered ({@link Router#routes}).
 */
class ConsoleCsrfIT {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @TempDir
    Path data;

    @Test
    void everyChangeMadeWithASessionNeedsItsCsrfToken() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            ConsoleBrowser admin = new ConsoleBrowser(s);
            String password = ServerInfo.read(data).orElseThrow().password();
            assertEquals(200, admin.login("admin", password).statusCode());

            List<Router.RouteInfo> changes = s.server.access().registeredRoutes().stream()
                    .filter(r -> r.access().api() && !SAFE.contains(r.method()))
                    .toList();
            List<String> notRefused = new ArrayList<>();
            for (Router.RouteInfo r : changes) {
                String path = r.pattern().replaceAll("\\{[a-z0-9_]+}", "999999");
                HttpResponse<byte[]> answer = admin.call(r.method(), path, "{}", null);
                if (answer.statusCode() != 403
                        || !ConsoleBrowser.json(answer).path("reason").asText().equals("csrf_token_invalid"))
                    notRefused.add(r.method() + " " + path + ": " + answer.statusCode() + " "
                            + new String(answer.body(), StandardCharsets.UTF_8));
            }
            assertEquals(List.of(), notRefused, "changes a session made without its CSRF token");
            assertTrue(changes.size() >= 75, "the walk covers the changes the server has: " + changes.size());

            // The session itself was fine all along (logout is one of the changes walked) and, with the token, may.
            assertEquals(200, admin.call("GET", "/api/console/session", null).statusCode());
            HttpResponse<byte[]> made =
                    admin.call("POST", "/api/team", "{\"name\": \"with the token\", \"group_access\": []}");
            assertEquals(200, made.statusCode());
            assertTrue(new ApiCalls(s).admin("GET", "/api/teams", null).text().contains("with the token"));
        }
    }
}
