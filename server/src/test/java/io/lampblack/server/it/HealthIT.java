package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lampblack.server.support.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/health} as a load balancer calls it: no token, 200 while journal, index, database and bus are ready;
 * 503 naming the part that is not once one fails; and nothing else about the server, then or ever.
 */
class HealthIT {

    @TempDir
    Path dir;

    @Test
    void readyWithoutATokenThenUnavailableNamingThePartThatFailed() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            TestServer.Response ready = server.getWithToken("/api/health", null);
            assertEquals(200, ready.status(), ready.text());
            assertEquals(
                    "{\"status\":\"ready\",\"checks\":{\"journal\":\"ok\",\"index\":\"ok\",\"database\":\"ok\",\"bus\":\"ok\"}}",
                    ready.text());

            // A journal write fails (a full disk): uploads are refused until restart, so the server is not ready.
            server.server.ingest().journal().fail(new IOException("no space left on /secret/place"));
            TestServer.Response down = server.getWithToken("/api/health", null);
            // Answers are kept for a second (a flood of health checks asks the parts once a second at most).
            for (int i = 0; i < 50 && down.status() == 200; i++) {
                Thread.sleep(100);
                down = server.getWithToken("/api/health", null);
            }
            assertEquals(503, down.status(), down.text());
            assertEquals(
                    "{\"status\":\"unavailable\",\"checks\":{\"journal\":\"down\",\"index\":\"ok\",\"database\":\"ok\",\"bus\":\"ok\"}}",
                    down.text());
            assertFalse(down.text().contains("secret"), down.text());
        }
    }
}
