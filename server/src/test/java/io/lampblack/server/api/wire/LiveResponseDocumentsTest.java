package io.lampblack.server.api.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.lampblack.server.json.Json;
import io.lampblack.server.liveresponse.CommandStatus;
import io.lampblack.server.liveresponse.LiveCommand;
import io.lampblack.server.liveresponse.LiveSensors;
import io.lampblack.server.liveresponse.SessionStatus;
import io.lampblack.server.liveresponse.SessionView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The live-response documents' keys, order and types, as reference §5.15 and §5.16 give them. */
class LiveResponseDocumentsTest {

    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00.123456Z");

    @Test
    void sessionHasCarbonBlacksKeysInOrderWithTheirTypes() throws Exception {
        SessionView v = new SessionView(
                7,
                new LiveSensors.LiveSensor(3, 1, "HOST", "10.0.0.3", "Linux", true),
                SessionStatus.ACTIVE,
                List.of("get file"),
                List.of("/"),
                "/root",
                Duration.ofSeconds(300),
                Duration.ofSeconds(120),
                Duration.ofSeconds(1200),
                4096,
                Duration.ofDays(7),
                CREATED);
        JsonNode d = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(LiveResponseSessionDocument.of(v)));
        assertEquals(
                List.of(
                        "id",
                        "sensor_id",
                        "status",
                        "supported_commands",
                        "drives",
                        "current_working_directory",
                        "hostname",
                        "address",
                        "os_version",
                        "session_timeout",
                        "sensor_wait_timeout",
                        "check_in_timeout",
                        "storage_size",
                        "storage_ttl",
                        "create_time"),
                keys(d));
        assertEquals("active", d.get("status").asText());
        assertEquals("4096", d.get("storage_size").textValue());
        assertEquals(7, d.get("storage_ttl").asInt());
        assertTrue(d.get("create_time").isDouble());
        assertEquals(1767225600.123456, d.get("create_time").doubleValue(), 1e-6);
    }

    @Test
    void commandShowsResultKeysOnlyWhenDoneAndNothingOverwritesItsOwnKeys() {
        ObjectNode args = Json.MAPPER.createObjectNode();
        args.put("wait", true);
        args.put("id", 999); // a request key must not replace the command's own
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.put("pid", 42);
        result.put("status", "forged");
        LiveCommand pending = new LiveCommand(
                5,
                7,
                3,
                "create process",
                TextNode.valueOf("/bin/true"),
                args,
                "alice",
                CREATED,
                CommandStatus.PENDING,
                Optional.empty(),
                0,
                "WinHresult",
                "",
                Json.MAPPER.createObjectNode(),
                Optional.empty());
        ObjectNode p = LiveResponseCommandDocument.of(pending);
        assertEquals(
                List.of("id", "session_id", "sensor_id", "name", "object", "status", "username", "create_time", "wait"),
                keys(p));
        assertEquals(5, p.get("id").asInt());
        assertFalse(p.has("completion"));

        LiveCommand done = new LiveCommand(
                5,
                7,
                3,
                "create process",
                TextNode.valueOf("/bin/true"),
                args,
                "alice",
                CREATED,
                CommandStatus.COMPLETE,
                Optional.of(CREATED.plusSeconds(1)),
                0,
                "WinHresult",
                "",
                result,
                Optional.empty());
        ObjectNode d = LiveResponseCommandDocument.of(done);
        assertEquals("complete", d.get("status").asText());
        assertEquals(42, d.get("pid").asInt());
        assertEquals(0, d.get("result_code").asInt());
        assertEquals("WinHresult", d.get("result_type").asText());
        assertTrue(d.get("completion").isDouble());
    }

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }
}
