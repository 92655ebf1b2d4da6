package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.assembly.ServerInfo;
import io.lampblack.server.json.Json;
import io.lampblack.server.store.Jdbc;
import io.lampblack.server.support.ConsoleBrowser;
import io.lampblack.server.support.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin's credentials across starts: an admin an earlier version created without a password gets one (the
 * console could not be logged into otherwise), and a first start that fails after creating the admin leaves its
 * token and password in server-info.json for the next start.
 */
class AdminCredentialsIT {

    @TempDir
    Path dir;

    /** Takes the password key out of server-info.json, as versions before the console wrote it. */
    private static void withoutPasswordKey(Path data) throws Exception {
        Path file = ServerInfo.file(data);
        ObjectNode info = (ObjectNode) Json.MAPPER.readTree(file.toFile());
        info.remove("password");
        Files.writeString(file, info.toString());
    }

    @Test
    void anAdminLeftWithoutAPasswordByAnEarlierVersionGetsOneAndLogsIntoTheConsole() throws Exception {
        Path data = dir.resolve("data");
        String token;
        try (TestServer first = TestServer.start(data)) {
            token = first.token;
            // The data directory as a version before the console left it: the admin has a token and no password.
            new Jdbc(first.server.store().database().dataSource())
                    .update("update app_user set password_hash = null where username = ?", "admin");
        }
        withoutPasswordKey(data);

        String password;
        try (TestServer upgraded = TestServer.start(data)) {
            password = upgraded.server
                    .createdAdminPassword()
                    .orElseThrow(() -> new AssertionError("no password given (and so none shown) on the upgrade"));
            assertEquals(password, ServerInfo.read(data).orElseThrow().password());
            assertEquals(token, upgraded.token, "the token is kept");
            assertTrue(upgraded.server.createdAdminToken().isEmpty());
            ConsoleBrowser browser = new ConsoleBrowser(upgraded);
            assertEquals(200, browser.login("admin", password).statusCode());
            assertEquals(200, browser.call("GET", "/api/users", null).statusCode(), "as a global administrator");
        }

        try (TestServer later = TestServer.start(data)) {
            assertEquals(Optional.empty(), later.server.createdAdminPassword(), "given once");
            assertEquals(password, ServerInfo.read(data).orElseThrow().password());
        }
    }

    @Test
    void anAdminWhoHasAPasswordKeepsItWhateverServerInfoSays() throws Exception {
        Path data = dir.resolve("data");
        String password;
        try (TestServer first = TestServer.start(data)) {
            password = first.server.createdAdminPassword().orElseThrow();
        }
        withoutPasswordKey(data);
        try (TestServer again = TestServer.start(data)) {
            assertEquals(Optional.empty(), again.server.createdAdminPassword());
            assertEquals(200, new ConsoleBrowser(again).login("admin", password).statusCode(), "nothing taken away");
        }
    }

    @Test
    void aFirstStartThatFailsAfterCreatingTheAdminLeavesItsCredentialsForTheNext() throws Exception {
        Path data = dir.resolve("data");
        int port;
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
            assertThrows(Exception.class, () -> TestServer.start(data, "port", Integer.toString(port)));
        }
        ServerInfo.Contents left = ServerInfo.read(data)
                .orElseThrow(() -> new AssertionError("the failed first start wrote no server-info.json"));
        assertTrue(left.apiToken().matches("[0-9a-f]{40}"), left.apiToken());
        assertFalse(left.password().isEmpty());
        assertEquals("https://127.0.0.1:" + port, left.url(), "the URL it was to have");

        try (TestServer second = TestServer.start(data)) {
            assertTrue(second.server.createdAdminToken().isEmpty(), "the admin was created by the failed start");
            assertEquals(left.apiToken(), second.token);
            assertEquals(200, second.get("/api/users").status(), "the token left behind works");
            assertEquals(
                    200,
                    new ConsoleBrowser(second).login("admin", left.password()).statusCode());
            ServerInfo.Contents now = ServerInfo.read(data).orElseThrow();
            assertEquals(left.apiToken(), now.apiToken());
            assertEquals(left.password(), now.password());
            assertEquals(second.server.url(), now.url());
        }
    }
}
