package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.sensor.ActionRecord;

/**
 * One action sent to a sensor and how it ended ({@code /api/v1/sensor/<id>/activity}, newest first).
 *
 * @param status {@code pending}, {@code applied}, {@code failed} or {@code withdrawn}
 */
public record SensorActivity(
        @JsonProperty("id") long id,
        @JsonProperty("sensor_id") int sensorId,
        @JsonProperty("action") String action,
        @JsonProperty("status") String status,
        @JsonProperty("message") String message,
        @JsonProperty("requested") String requested,
        @MayBeNull @JsonProperty("completed") String completed) {

    public static SensorActivity of(ActionRecord a) {
        return new SensorActivity(
                a.id(),
                a.sensorId(),
                a.type(),
                a.outcome().orElse("pending"),
                a.message(),
                SensorDocument.CB_TIME.format(a.created()),
                a.ended().map(SensorDocument.CB_TIME::format).orElse(null));
    }
}
