package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorFacts;

/** The host's memory, disk and uptimes as of the sensor's last check-in ({@code /resourcestatus}). */
public record SensorResourceStatus(
        @JsonProperty("sensor_id") int sensorId,
        @MayBeNull @JsonProperty("timestamp") String timestamp,
        @JsonProperty("physical_memory_size") long physicalMemorySize,
        @JsonProperty("systemvolume_total_size") long systemvolumeTotalSize,
        @JsonProperty("systemvolume_free_size") long systemvolumeFreeSize,
        @JsonProperty("uptime") long uptime,
        @JsonProperty("sensor_uptime") long sensorUptime) {

    public static SensorResourceStatus of(Sensor s) {
        SensorFacts f = s.facts();
        return new SensorResourceStatus(
                s.id(),
                s.lastCheckinTime().map(SensorDocument.CB_TIME::format).orElse(null),
                SensorQueued.zero(f.physicalMemory()),
                SensorQueued.zero(f.systemVolumeTotal()),
                SensorQueued.zero(f.systemVolumeFree()),
                SensorQueued.zero(f.uptime()),
                SensorQueued.zero(f.sensorUptime()));
    }
}
