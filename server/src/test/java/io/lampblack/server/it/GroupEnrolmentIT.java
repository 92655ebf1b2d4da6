package io.lampblack.server.it;

import static io.lampblack.server.it.SensorGroupIT.delete;
import static io.lampblack.server.it.SensorGroupIT.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.support.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group's enrolment token beside the server's registration token: a sensor registering with it lands in the group
 * whatever {@code group_id} it sends; the server's token keeps working with the request's {@code group_id}.
 */
class GroupEnrolmentIT {

    @TempDir
    Path data;

    @Test
    void aGroupTokenRegistersIntoItsGroup() throws Exception {
        try (TestServer ts = TestServer.start(data, "open-registration", "false")) {
            int group = ts.post(
                            "/api/v3/group",
                            "{\"name\": \"Enrolled\", \"sensorbackend_server\": \"https://cb:443\", \"site_id\": 1}")
                    .json()
                    .get("id")
                    .asInt();
            TestServer.Response issued = ts.post("/api/v1/group/" + group + "/registration_token", "");
            assertEquals(200, issued.status(), issued.text());
            String token = issued.json().get("registration_token").asText();
            assertTrue(token.length() >= 32, token);
            assertTrue(ts.get("/api/v3/group/" + group)
                    .json()
                    .get(0)
                    .get("has_enrolment_token")
                    .asBoolean());
            assertFalse(ts.get("/api/v3/group/" + group).text().contains(token), "the token is shown only once");

            SensorClient client = ts.sensorClient();
            assertEquals(group, register(client, "ENROLLED-1", 1, token).groupId(), "the token's group wins");
            String serverToken = ts.server.registrationToken().orElseThrow();
            assertEquals(1, register(client, "SERVER-TOKEN-1", 1, serverToken).groupId());
            assertEquals(
                    group,
                    register(client, "SERVER-TOKEN-2", group, serverToken).groupId());
            assertThrows(SensorClient.SensorProtocolException.class, () -> register(client, "NONE", 1, "guess"));

            // rotation: the old token stops working at once
            String rotated = ts.post("/api/v1/group/" + group + "/registration_token", "")
                    .json()
                    .get("registration_token")
                    .asText();
            assertNotEquals(token, rotated);
            var refused = assertThrows(
                    SensorClient.SensorProtocolException.class, () -> register(client, "OLD-TOKEN", 1, token));
            assertEquals(401, refused.status());
            assertEquals(group, register(client, "ROTATED-1", 1, rotated).groupId());

            // revocation
            assertEquals(
                    200,
                    delete(ts, "/api/v1/group/" + group + "/registration_token").status());
            assertThrows(SensorClient.SensorProtocolException.class, () -> register(client, "REVOKED", 1, rotated));
            assertEquals(
                    404, ts.post("/api/v1/group/4711/registration_token", "").status());
        }
    }
}
