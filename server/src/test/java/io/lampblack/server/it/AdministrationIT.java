package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.support.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server-wide routes as clients call them: {@code cb.info()}, {@code cb.license_request()} and
 * {@code cb.update_license()}, the legacy {@code /api/v1/license}, {@code cb.dashboard_statistics()},
 * {@code /api/server}, {@code /api/login-caps} without a token, and the platform-server settings, whose token is kept
 * across restarts and never answered.
 */
class AdministrationIT {

    @TempDir
    Path data;

    @Test
    void infoLicenseDashboardServerAndSettings() throws Exception {
        String block;
        try (TestServer t = TestServer.start(data)) {
            JsonNode info = t.get("/api/info").json();
            assertTrue(info.get("banningEnabled").asBoolean(), "banned hashes are enforced");
            assertTrue(info.get("cblrEnabled").asBoolean(), "live response is offered");
            assertFalse(
                    info.get("linuxInstallerExists").asBoolean(),
                    "this server has no sensor jars (LinuxInstallerIT's has)");
            assertFalse(info.get("osxInstallerExists").asBoolean());
            assertTrue(info.get("version").asText().matches("\\d+\\.\\d+\\.\\d+"));

            // cb.license_request()
            TestServer.Response lic = t.get("/api/license");
            assertEquals(200, lic.status(), lic.text());
            block = lic.json().get("license_request_block").asText();
            assertFalse(block.isBlank());
            assertEquals(
                    block,
                    t.get("/api/license").json().get("license_request_block").asText(),
                    "stable");

            var reg = t.sensorClient()
                    .register(new RegisterRequest("DASH-HOST", null, null, null, null, null, null, 1), "");
            t.sensorClient().checkin(new SensorClient.Identity(reg.sensorId(), reg.secret()), List.of());
            JsonNode status = t.get("/api/v1/license").json();
            assertTrue(status.get("license_valid").asBoolean());
            assertFalse(status.get("license_expired").asBoolean());
            assertFalse(status.get("licensed_sensor_count_exceeded").asBoolean());
            assertEquals(Integer.MAX_VALUE, status.get("licensed_sensor_count").asInt(), "unlimited");
            assertEquals(1, status.get("actual_sensor_count").asInt());
            assertEquals("9999-12-31", status.get("license_end_date").asText());
            assertTrue(status.get("license_applied_at").isNull());

            // cb.update_license(block): checks "status"; the 5.x server answered "result"
            TestServer.Response applied = t.post("/api/license", "{\"license\": \"ABCDEF-LICENSE\"}");
            assertEquals(200, applied.status(), applied.text());
            assertEquals("success", applied.json().get("status").asText());
            assertEquals("success", applied.json().get("result").asText());
            assertFalse(
                    t.get("/api/v1/license").json().get("license_applied_at").isNull());
            assertEquals(400, t.post("/api/v1/license", "{}").status());

            // cb.dashboard_statistics()
            TestServer.Response dash = t.get("/api/v1/dashboard/statistics");
            assertEquals(200, dash.status(), dash.text());
            JsonNode storage = dash.json().get("storage");
            assertTrue(storage.get("data_bytes").asLong() > 0);
            assertTrue(storage.get("file_system_bytes").asLong()
                    >= storage.get("free_bytes").asLong());
            assertTrue(storage.get("parts").has("index"), storage.toString());
            assertTrue(storage.get("parts").has("journal"), storage.toString());
            assertEquals(
                    "hot", storage.get("event_partitions").get(0).get("status").asText());
            JsonNode sensors = dash.json().get("sensors");
            assertEquals(1, sensors.get("total").asInt());
            assertEquals(1, sensors.get("online").asInt(), "it has just checked in");
            assertEquals(0, sensors.get("isolated").asInt());
            assertEquals(0, dash.json().get("alerts").get("total").asLong());

            // /api/server and PUT /api/server/<id> (empty 200)
            JsonNode servers = t.get("/api/server").json();
            assertEquals(1, servers.size());
            assertEquals(0, servers.get(0).get("id").asInt());
            TestServer.Response put = InvestigationIT.send(
                    t, "PUT", "/api/server/0", "{\"address\": \"10.0.0.5\", \"hostname\": \"edr.example\"}");
            assertEquals(200, put.status(), put.text());
            assertEquals(0, put.body().length);
            assertEquals(
                    "edr.example",
                    t.get("/api/server").json().get(0).get("hostname").asText());
            assertEquals(
                    "10.0.0.5",
                    t.get("/api/server").json().get(0).get("address").asText());
            assertEquals(
                    404, InvestigationIT.send(t, "PUT", "/api/server/7", "{}").status());
            assertEquals(
                    400,
                    InvestigationIT.send(t, "PUT", "/api/server/0", "{\"hostname\": \"a b\"}")
                            .status());

            // /api/login-caps: the login page asks before anyone is signed in
            TestServer.Response caps = t.getWithToken("/api/login-caps", null);
            assertEquals(200, caps.status(), caps.text());
            assertTrue(caps.json().has("login_ui_sso_label"));

            // configuration is a global administrator's; reading the license is anyone's
            String user = InvestigationIT.userWithoutGroups(t, "plainuser");
            assertEquals(
                    200,
                    InvestigationIT.asUser(t, user, "GET", "/api/license", null).status());
            assertEquals(
                    200,
                    InvestigationIT.asUser(t, user, "GET", "/api/v1/dashboard/statistics", null)
                            .status());
            assertEquals(
                    403,
                    InvestigationIT.asUser(t, user, "POST", "/api/license", "{\"license\": \"x\"}")
                            .status());
            assertEquals(
                    403,
                    InvestigationIT.asUser(t, user, "PUT", "/api/server/0", "{}")
                            .status());
            assertEquals(
                    403,
                    InvestigationIT.asUser(t, user, "GET", "/api/v1/settings/global/platformserver", null)
                            .status());

            // platform-server settings: stored, token never answered
            TestServer.Response saved = t.post(
                    "/api/v1/settings/global/platformserver",
                    "{\"auth_token\": \"s3cr3t-token\", \"server_url\": \"https://platform.example\","
                            + " \"ssl_certificate_verify\": false, \"watchlist_export\": true}");
            assertEquals(200, saved.status(), saved.text());
            assertEquals("success", saved.json().get("result").asText());
            assertEquals(
                    400,
                    t.post("/api/v1/settings/global/platformserver", "{\"server_url\": \"ftp://x\"}")
                            .status());
        }
        try (TestServer t = TestServer.start(data)) {
            TestServer.Response p = t.get("/api/v1/settings/global/platformserver");
            assertEquals(200, p.status(), p.text());
            assertEquals("https://platform.example", p.json().get("server_url").asText());
            assertFalse(p.json().get("ssl_certificate_verify").asBoolean());
            assertTrue(p.json().get("watchlist_export").asBoolean());
            assertTrue(p.json().get("auth_token_set").asBoolean());
            assertFalse(p.json().has("auth_token"));
            assertFalse(p.text().contains("s3cr3t-token"));
            assertEquals(
                    block,
                    t.get("/api/license").json().get("license_request_block").asText(),
                    "kept");
            assertEquals(
                    "edr.example",
                    t.get("/api/server").json().get(0).get("hostname").asText());
        }
    }
}
