package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code /api/v1/sensor/statistics}: sensors registered, Online, and what they hold unsent in all. */
public record SensorStatistics(
        @JsonProperty("sensor_count") int sensorCount,
        @JsonProperty("active_sensor_count") int activeSensorCount,
        @JsonProperty("num_eventlog_bytes") long numEventlogBytes,
        @JsonProperty("num_storefile_bytes") long numStorefileBytes) {}
