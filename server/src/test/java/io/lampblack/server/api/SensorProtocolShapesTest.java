package io.lampblack.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.sensor.SensorProtocol.Action;
import io.lampblack.protocol.sensor.SensorProtocol.ActionResult;
import io.lampblack.protocol.sensor.SensorProtocol.BanList;
import io.lampblack.protocol.sensor.SensorProtocol.BinaryUploadResponse;
import io.lampblack.protocol.sensor.SensorProtocol.CheckinRequest;
import io.lampblack.protocol.sensor.SensorProtocol.CheckinResponse;
import io.lampblack.protocol.sensor.SensorProtocol.HostStatus;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.protocol.sensor.SensorProtocol.SensorConfig;
import io.lampblack.protocol.sensor.SensorProtocol.UploadResponse;
import io.lampblack.server.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sensor protocol's answers as the server writes them: the examples of docs/sensor-protocol.md, key for key.
 * The messages are the protocol module's records, which the sensor side reads back.
 */
class SensorProtocolShapesTest {

    private static String json(Object value) {
        return new String(Json.bytes(value), StandardCharsets.UTF_8);
    }

    @Test
    void registration() {
        assertEquals(
                "{\"protocol\":1,\"sensor_id\":7,\"secret\":\"s3cr3t\",\"group_id\":1,\"checkin_interval_seconds\":30}",
                json(new RegisterResponse(1, 7, "s3cr3t", 1, 30)));
    }

    @Test
    void checkInCarriesTheBanListOnlyWhenItIsSent() {
        JsonNode payload = Json.MAPPER.createObjectNode();
        assertEquals(
                "{\"actions\":[{\"id\":14,\"type\":\"isolate\",\"payload\":{}}],\"checkin_interval_seconds\":30}",
                json(new CheckinResponse(List.of(new Action(14, "isolate", payload)), 30, null)));
        assertEquals(
                "{\"actions\":[],\"checkin_interval_seconds\":30,"
                        + "\"ban_list\":{\"version\":\"9c1f\",\"md5s\":[\"7fb55f5a4a7e1d0f8c1b2a3e4d5c6b7a\"]}}",
                json(new CheckinResponse(
                        List.of(), 30, new BanList("9c1f", List.of("7fb55f5a4a7e1d0f8c1b2a3e4d5c6b7a")))));
    }

    @Test
    void checkInCarriesTheGroupSettingsWhenSent() {
        SensorConfig config = new SensorConfig(
                "5d0c9a1e77b3f2a4",
                2,
                Map.of("collect_netconns", false),
                List.of("PROCESS_START"),
                30,
                true,
                List.of("10.0.0.1"));
        assertEquals(
                "{\"actions\":[],\"checkin_interval_seconds\":30,\"config\":{\"version\":\"5d0c9a1e77b3f2a4\","
                        + "\"group_id\":2,\"collect\":{\"collect_netconns\":false},\"event_kinds\":[\"PROCESS_START\"],"
                        + "\"checkin_interval_seconds\":30,\"banning_enabled\":true,\"isolation_exclusions\":[\"10.0.0.1\"]}}",
                json(new CheckinResponse(List.of(), 30, null, config, null)));
    }

    @Test
    void uploads() {
        assertEquals(
                "{\"upload_id\":\"a17\",\"events\":412,\"duplicate\":false}",
                json(new UploadResponse("a17", 412, false)));
        assertEquals(
                "{\"md5\":\"0123456789ABCDEF0123456789ABCDEF\",\"size\":73802,\"duplicate\":false}",
                json(new BinaryUploadResponse("0123456789ABCDEF0123456789ABCDEF", 73802, false)));
    }

    /** The v1 extension: an old sensor's check-in stays as it was; the new one reads back as sent. */
    @Test
    void checkInRequestExtension() throws Exception {
        JsonNode empty = Json.MAPPER.createObjectNode();
        assertEquals(
                "{\"acked_actions\":[12],\"status\":{},\"ban_list_version\":\"\"}",
                json(new CheckinRequest(List.of(12L), empty)),
                "no action_results key when there are none");
        HostStatus status = new HostStatus(
                "10.0.0.5,0a1b2c3d4e5f|",
                null,
                86400L,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                true);
        assertEquals(
                "{\"network_adapters\":\"10.0.0.5,0a1b2c3d4e5f|\",\"uptime\":86400,\"is_isolating\":true}",
                json(status),
                "facts not reported are left out");
        CheckinRequest full = new CheckinRequest(
                List.of(),
                Json.MAPPER.valueToTree(status),
                "9c1f",
                List.of(new ActionResult(14, "failed", "isolation driver not loaded")));
        CheckinRequest back = Json.MAPPER.readValue(json(full), CheckinRequest.class);
        assertEquals(full.actionResults(), back.actionResults());
        assertEquals(status, Json.MAPPER.treeToValue(back.status(), HostStatus.class));
    }
}
