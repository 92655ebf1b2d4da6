package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.FileTimes;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbProcessBlockedMsg;
import io.lampblack.protocol.sensor.SensorProtocol.CheckinResponse;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Banning as cbapi's {@code BannedHash} and a sensor see it: ban (409 twice), get (404 when not banned), change,
 * unban with history kept; the ban list reaches sensors at check-in only when it changed; a {@code processblock}
 * event a sensor reports is counted on the ban and searchable.
 */
class BanningIT {

    private static final String MD5 = "7fb55f5a62e78af9b58d08aa4ae4b0a8";

    @TempDir
    Path dir;

    private static TestServer.Response send(TestServer t, String method, String path, String json) throws Exception {
        HttpRequest.BodyPublisher body =
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        return t.send(HttpRequest.newBuilder(URI.create(t.server.url() + path))
                .header("X-Auth-Token", t.token)
                .method(method, body));
    }

    @Test
    void banUnbanAndEnforce() throws Exception {
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            SensorClient client = t.sensorClient();
            RegisterResponse reg = client.register(
                    new RegisterRequest("BANHOST", "banhost", "windows", "workstation", "test", "", "1", 1), "");
            SensorClient.Identity id = new SensorClient.Identity(reg.sensorId(), reg.secret());
            CheckinResponse empty = client.checkin(id, List.of(), "");
            assertNotNull(empty.banList(), "a sensor without a list gets the (empty) list");
            assertTrue(empty.banList().md5s().isEmpty());

            TestServer.Response banned = t.post(
                    "/api/v1/banning/blacklist",
                    "{\"md5hash\": \"" + MD5.toUpperCase() + "\", \"text\": \"Banned from API\", \"enabled\": true}");
            assertEquals(200, banned.status(), banned.text());
            assertEquals("success", banned.json().get("result").asText());
            assertEquals(
                    409,
                    t.post("/api/v1/banning/blacklist", "{\"md5hash\": \"" + MD5 + "\", \"text\": \"again\"}")
                            .status());
            assertEquals(
                    400,
                    t.post("/api/v1/banning/blacklist", "{\"md5hash\": \"nope\"}")
                            .status());

            JsonNode one = t.get("/api/v1/banning/blacklist/" + MD5).json();
            assertEquals(MD5.toUpperCase(), one.get("md5hash").asText());
            assertEquals("Banned from API", one.get("text").asText());
            assertTrue(one.get("enabled").asBoolean());
            assertEquals("admin", one.get("username").asText());
            assertEquals(1, one.get("audit").size());
            for (String k : List.of(
                    "md5hash",
                    "text",
                    "enabled",
                    "username",
                    "user_id",
                    "timestamp",
                    "block_count",
                    "last_block_time",
                    "last_block_sensor_id",
                    "last_block_hostname",
                    "audit")) {
                assertTrue(one.has(k), k);
            }
            assertEquals(
                    404,
                    t.get("/api/v1/banning/blacklist/0123456789abcdef0123456789abcdef")
                            .status());
            assertEquals(
                    1, t.get("/api/v1/banning/blacklist?count=10000").json().size());

            // Check-in: the new list once, then nothing while the sensor holds it.
            CheckinResponse withBan =
                    client.checkin(id, List.of(), empty.banList().version());
            assertEquals(List.of(MD5), withBan.banList().md5s());
            assertNull(
                    client.checkin(id, List.of(), withBan.banList().version()).banList());

            // A sensor reports that it blocked the banned binary: counted on the ban, and searchable.
            long now = FileTimes.fromEpochMillis(Instant.now().toEpochMilli());
            CbEventMsg block = CbEventMsg.newBuilder()
                    .setHeader(CbHeaderMsg.newBuilder()
                            .setVersion(4)
                            .setTimestamp(now)
                            .setProcessPid(1234)
                            .setProcessCreateTime(now - 10_000_000)
                            .setProcessPath("c:\\windows\\explorer.exe"))
                    .setBlocked(CbProcessBlockedMsg.newBuilder()
                            .setBlockedType(CbProcessBlockedMsg.BlockType.MD5Hash)
                            .setBlockedEvent(CbProcessBlockedMsg.BlockEvent.ProcessCreate)
                            .setBlockedmd5Hash(ByteString.fromHex(MD5))
                            .setBlockedPath("c:\\temp\\evil.exe")
                            .setBlockedCmdline("evil.exe --now"))
                    .build();
            client.upload(id, "block-1", EventLogWriter.frame(List.of(block)));
            t.server.ingest().pipeline().awaitIndexed(60_000);
            t.server.alerts().bans().drain();
            JsonNode counted = t.get("/api/v1/banning/blacklist/" + MD5).json();
            assertEquals(1, counted.get("block_count").asLong());
            assertEquals("BANHOST", counted.get("last_block_hostname").asText());
            assertEquals(reg.sensorId(), counted.get("last_block_sensor_id").asInt());
            assertFalse(counted.get("last_block_time").isNull());
            JsonNode found = t.get("/api/v1/process?" + TestServer.processQuery("blocked_md5:" + MD5, ""))
                    .json();
            assertEquals(1, found.get("total_results").asInt());

            // Change, then unban with a reason: history kept, no longer banned, gone from the sensors' list.
            TestServer.Response put =
                    send(t, "PUT", "/api/v1/banning/blacklist/" + MD5, "{\"text\": \"still bad\", \"enabled\": true}");
            assertEquals(200, put.status());
            assertEquals(
                    "still bad", put.json().get("text").asText(), "the ban as it now is (cbapi then needs no GET)");
            assertEquals(
                    "still bad",
                    t.get("/api/v1/banning/blacklist/" + MD5).json().get("text").asText());
            TestServer.Response unbanned =
                    send(t, "DELETE", "/api/v1/banning/blacklist/" + MD5, "{\"text\": \"false positive\"}");
            assertEquals(200, unbanned.status());
            assertFalse(unbanned.json().get("enabled").asBoolean());
            assertEquals(404, t.get("/api/v1/banning/blacklist/" + MD5).status(), "cbapi reads 404 as not banned");
            assertEquals(
                    404,
                    send(t, "DELETE", "/api/v1/banning/blacklist/" + MD5, null).status());
            JsonNode listed = t.get("/api/v1/banning/blacklist").json().get(0);
            assertFalse(listed.get("enabled").asBoolean());
            assertEquals("false positive", listed.get("text").asText());
            assertEquals(3, listed.get("audit").size());
            assertEquals(1, listed.get("block_count").asLong(), "counts survive unbanning");
            assertTrue(client.checkin(id, List.of(), withBan.banList().version())
                    .banList()
                    .md5s()
                    .isEmpty());

            assertEquals(
                    200,
                    t.post("/api/v1/banning/blacklist", "{\"md5hash\": \"" + MD5 + "\", \"text\": \"back\"}")
                            .status());
            assertEquals(
                    4,
                    t.get("/api/v1/banning/blacklist/" + MD5)
                            .json()
                            .get("audit")
                            .size());
            assertEquals(
                    withBan.banList(),
                    client.checkin(id, List.of(), "").banList(),
                    "the same bans give the same list version, whenever they were set");
        }
    }
}
