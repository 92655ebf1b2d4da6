package io.lampblack.server.sensor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.protocol.sensor.SensorProtocol.HostStatus;
import java.time.Instant;

/**
 * What a sensor last reported about its host and itself (registration and check-ins). Each report replaces only the
 * fields it carries, so a sensor may send what changed. Null: never reported.
 *
 * @param clockDeltaMillis the sensor's clock minus the server's when the report arrived
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SensorFacts(
        @JsonProperty("network_adapters") String networkAdapters,
        @JsonProperty("os_environment_display_string") String osEnvironment,
        @JsonProperty("uptime") Long uptime,
        @JsonProperty("sensor_uptime") Long sensorUptime,
        @JsonProperty("systemvolume_total_size") Long systemVolumeTotal,
        @JsonProperty("systemvolume_free_size") Long systemVolumeFree,
        @JsonProperty("physical_memory_size") Long physicalMemory,
        @JsonProperty("build_version") String buildVersion,
        @JsonProperty("clock_delta") Long clockDeltaMillis,
        @JsonProperty("num_eventlogs") Long queuedEventLogs,
        @JsonProperty("num_eventlog_bytes") Long queuedEventLogBytes,
        @JsonProperty("num_storefiles") Long queuedStoreFiles,
        @JsonProperty("num_storefile_bytes") Long queuedStoreFileBytes,
        @JsonProperty("is_isolating") Boolean isolated) {

    public static final SensorFacts NONE =
            new SensorFacts(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** These facts updated by a report received at {@code receivedAt}; a null report changes nothing. */
    public SensorFacts updatedBy(HostStatus r, Instant receivedAt) {
        if (r == null) return this;
        return new SensorFacts(
                either(r.networkAdapters(), networkAdapters),
                either(r.osEnvironment(), osEnvironment),
                either(nonNegative(r.uptime()), uptime),
                either(nonNegative(r.sensorUptime()), sensorUptime),
                either(nonNegative(r.systemVolumeTotal()), systemVolumeTotal),
                either(nonNegative(r.systemVolumeFree()), systemVolumeFree),
                either(nonNegative(r.physicalMemory()), physicalMemory),
                either(r.buildVersion(), buildVersion),
                r.clock() == null ? clockDeltaMillis : Long.valueOf(r.clock() - receivedAt.toEpochMilli()),
                either(nonNegative(r.queuedEventLogs()), queuedEventLogs),
                either(nonNegative(r.queuedEventLogBytes()), queuedEventLogBytes),
                either(nonNegative(r.queuedStoreFiles()), queuedStoreFiles),
                either(nonNegative(r.queuedStoreFileBytes()), queuedStoreFileBytes),
                either(r.isolated(), isolated));
    }

    /** A negative size or duration is a sensor's bug; it must not show as one. */
    private static Long nonNegative(Long v) {
        return v == null || v < 0 ? null : v;
    }

    private static <T> T either(T reported, T kept) {
        return reported != null ? reported : kept;
    }

    public long queuedEventLogBytesOrZero() {
        return queuedEventLogBytes == null ? 0 : queuedEventLogBytes;
    }

    public long queuedStoreFileBytesOrZero() {
        return queuedStoreFileBytes == null ? 0 : queuedStoreFileBytes;
    }
}
