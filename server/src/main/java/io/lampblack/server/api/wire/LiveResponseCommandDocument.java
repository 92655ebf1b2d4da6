package io.lampblack.server.api.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.json.Json;
import io.lampblack.server.liveresponse.CommandStatus;
import io.lampblack.server.liveresponse.LiveCommand;
import java.util.Set;

/**
 * A live-response command (reference §5.16): its own keys first, then the request's other keys as sent
 * ({@code wait}, {@code output_file}, ...), then the sensor's result fields ({@code files}, {@code processes},
 * {@code pid}, ...). Neither the request nor the sensor can overwrite a key of the command's own. While pending it has
 * no {@code completion} and no result keys, as Carbon Black's pending commands have none.
 */
public final class LiveResponseCommandDocument {

    private static final Set<String> OWN = Set.of(
            "id",
            "session_id",
            "sensor_id",
            "name",
            "object",
            "status",
            "username",
            "create_time",
            "completion",
            "result_code",
            "result_type",
            "result_desc",
            "file_id");

    private LiveResponseCommandDocument() {}

    public static ObjectNode of(LiveCommand c) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("id", c.id());
        d.put("session_id", c.sessionId());
        d.put("sensor_id", c.sensorId());
        d.put("name", c.name());
        if (c.object() == null) d.putNull("object");
        else d.set("object", c.object());
        d.put("status", c.status().wire());
        d.put("username", c.username());
        d.put("create_time", EpochSeconds.of(c.created()));
        c.completed().ifPresent(t -> d.put("completion", EpochSeconds.of(t)));
        if (c.status() != CommandStatus.PENDING) {
            d.put("result_code", c.resultCode());
            d.put("result_type", c.resultType());
            d.put("result_desc", c.resultDesc());
        }
        c.fileId().ifPresent(f -> d.put("file_id", f));
        c.args().properties().forEach(e -> {
            if (!OWN.contains(e.getKey())) d.set(e.getKey(), e.getValue());
        });
        c.result().properties().forEach(e -> {
            if (!OWN.contains(e.getKey())) d.set(e.getKey(), e.getValue());
        });
        return d;
    }
}
