package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorFacts;

/** What a sensor holds and has not yet sent ({@code /api/v1/sensor/<id>/queued}), as of its last check-in. */
public record SensorQueued(
        @JsonProperty("id") int id,
        @JsonProperty("sensor_id") int sensorId,
        @MayBeNull @JsonProperty("timestamp") String timestamp,
        @JsonProperty("num_eventlogs") long numEventlogs,
        @JsonProperty("num_eventlog_bytes") long numEventlogBytes,
        @JsonProperty("num_storefiles") long numStorefiles,
        @JsonProperty("num_storefile_bytes") long numStorefileBytes) {

    /** One entry per report; the id is the sensor's (the server keeps only the last report). */
    public static SensorQueued of(Sensor s) {
        SensorFacts f = s.facts();
        return new SensorQueued(
                s.id(),
                s.id(),
                s.lastCheckinTime().map(SensorDocument.CB_TIME::format).orElse(null),
                zero(f.queuedEventLogs()),
                zero(f.queuedEventLogBytes()),
                zero(f.queuedStoreFiles()),
                zero(f.queuedStoreFileBytes()));
    }

    static long zero(Long v) {
        return v == null ? 0 : v;
    }
}
