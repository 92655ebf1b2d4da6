package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.assembly.ServerInfo;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 6: whoever reaches the port must not get sensor credentials (and with them forged uploads under a
 * real host's name and the ban list) unless they hold the registration token.
 */
class RegistrationTokenIT {

    private static final String HOST = "{\"hostname\": \"INTRUDER\", \"os_type\": \"windows\"}";

    @TempDir
    Path data;

    /** A server as {@code ./lampblack server} starts it: registration needs a token. */
    private TestServer startDefault() throws Exception {
        return TestServer.start(data, "open-registration", "false");
    }

    private static TestServer.Response register(TestServer s, String tokenOrNull) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.server.url() + SensorProtocol.REGISTER))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HOST));
        if (tokenOrNull != null) b.header(SensorProtocol.HEADER_REGISTRATION_TOKEN, tokenOrNull);
        return s.send(b);
    }

    private static TestServer.Response rotate(TestServer s, String apiToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.server.url() + "/api/v1/sensor/registration_token"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (apiToken != null) b.header("X-Auth-Token", apiToken);
        return s.send(b);
    }

    private String tokenInServerInfo() throws Exception {
        return ServerInfo.read(data).orElseThrow().sensorRegistrationToken();
    }

    @Test
    void aDefaultServerRefusesRegistrationWithoutTheTokenFromServerInfo() throws Exception {
        try (TestServer s = startDefault()) {
            TestServer.Response none = register(s, null);
            assertEquals(401, none.status(), none.text());
            assertEquals("unauthorized", none.json().get("reason").asText());
            assertFalse(none.text().contains("\"secret\""), "no sensor credentials: " + none.text());
            assertEquals(401, register(s, "guess").status());
            assertEquals(401, register(s, "").status());

            String token = tokenInServerInfo();
            assertEquals(64, token.length(), "a generated 256-bit token: " + token);
            assertEquals(s.server.createdRegistrationToken().orElseThrow(), token, "created on the first start");
            assertEquals(401, register(s, token.substring(1)).status(), "a prefix is not the token");
            TestServer.Response ok = register(s, token);
            assertEquals(200, ok.status(), ok.text());
            assertTrue(ok.json().path("sensor_id").asLong() > 0, ok.text());
            assertEquals(
                    PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(ServerInfo.file(data)));
        }
        try (TestServer s = startDefault()) {
            assertTrue(s.server.createdRegistrationToken().isEmpty(), "a restart keeps the token it generated");
            assertEquals(200, register(s, tokenInServerInfo()).status());
            assertEquals(401, register(s, null).status());
        }
    }

    @Test
    void rotationMakesTheOldTokenFailAndKeepsRegisteredSensors() throws Exception {
        String rotated;
        SensorClient.Identity sensor;
        try (TestServer s = startDefault()) {
            String old = tokenInServerInfo();
            var reg = s.sensorClient()
                    .register(
                            new SensorProtocol.RegisterRequest(
                                    "KEEPER", null, "windows", "workstation", null, null, null, 1),
                            old);
            sensor = new SensorClient.Identity(reg.sensorId(), reg.secret());

            assertEquals(401, rotate(s, null).status(), "rotation needs an API token");
            assertEquals(401, rotate(s, "not-a-token").status());
            TestServer.Response r = rotate(s, s.token);
            assertEquals(200, r.status(), r.text());
            rotated = r.json().get("sensor_registration_token").asText();
            assertNotEquals(old, rotated);
            assertEquals(64, rotated.length());

            assertEquals(401, register(s, old).status(), "the old token stops working at once");
            assertEquals(200, register(s, rotated).status());
            assertEquals(rotated, tokenInServerInfo(), "server-info.json names the new token");
            s.sensorClient().checkin(sensor, List.of());
        }
        try (TestServer s = startDefault()) {
            assertEquals(rotated, tokenInServerInfo());
            assertEquals(200, register(s, rotated).status(), "the rotated token survives a restart");
            s.sensorClient().checkin(sensor, List.of());
        }
    }

    @Test
    void openRegistrationIsForLabsAndHasNoTokenToRotate() throws Exception {
        try (TestServer s = TestServer.start(data, "open-registration", "true")) {
            assertEquals(200, register(s, null).status());
            assertEquals("", tokenInServerInfo());
            assertTrue(s.server.registrationToken().isEmpty());
            TestServer.Response r = rotate(s, s.token);
            assertEquals(409, r.status(), r.text());
            assertEquals(
                    "registration_token_not_rotatable", r.json().get("reason").asText());
        }
    }

    @Test
    void aConfiguredTokenIsRequiredAndChangedOnlyWhereItIsConfigured() throws Exception {
        try (TestServer s = TestServer.start(data, "open-registration", "false", "registration-token", "op-chosen")) {
            assertEquals(401, register(s, null).status());
            assertEquals(200, register(s, "op-chosen").status());
            assertEquals("op-chosen", tokenInServerInfo());
            assertEquals(409, rotate(s, s.token).status());
            assertEquals(200, register(s, "op-chosen").status());
        }
    }
}
