package io.lampblack.server.liveresponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One command of a session as clients see it; immutable (a change makes a new one). Its JSON nodes are copies no one
 * changes after they are made.
 *
 * @param object   what the command acts on, as the client sent it (a path, a pid as a number, ...); null for none
 * @param args     the request's other keys, passed on to the sensor ({@code wait}, {@code output_file}, ...)
 * @param result   the sensor's result fields ({@code files}, {@code processes}, {@code pid}, ...), empty until done
 * @param fileId   for {@code get file} and {@code memdump}: where the content lands; for {@code put file}: what is sent
 */
public record LiveCommand(
        long id,
        long sessionId,
        int sensorId,
        String name,
        JsonNode object,
        ObjectNode args,
        String username,
        Instant created,
        CommandStatus status,
        Optional<Instant> completed,
        long resultCode,
        String resultType,
        String resultDesc,
        ObjectNode result,
        Optional<Long> fileId) {

    /** The object as the sensor gets it: text, or null for none. */
    public String objectText() {
        return object == null || object.isNull() ? null : object.asText();
    }

    LiveCommand ended(CommandStatus outcome, Instant at, long code, String type, String desc, ObjectNode fields) {
        return new LiveCommand(
                id,
                sessionId,
                sensorId,
                name,
                object,
                args,
                username,
                created,
                outcome,
                Optional.of(at),
                code,
                type,
                desc,
                fields,
                fileId);
    }

    /** The command with {@code object}, {@code args} and {@code result} replaced (an ended session's, made small). */
    LiveCommand withRequestAndResult(JsonNode object, ObjectNode args, ObjectNode fields) {
        return new LiveCommand(
                id,
                sessionId,
                sensorId,
                name,
                object,
                args,
                username,
                created,
                status,
                completed,
                resultCode,
                resultType,
                resultDesc,
                fields,
                fileId);
    }
}
