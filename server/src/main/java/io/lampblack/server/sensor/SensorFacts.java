package io.lampblack.server.sensor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.protocol.sensor.SensorProtocol.HostStatus;
import io.lampblack.server.problem.TextLimits;
import java.time.Instant;

/**
 * What a sensor last reported about its host and itself (registration and check-ins). Each report replaces only the
 * fields it carries, so a sensor may send what changed. Null: never reported.
 *
 * @param clockDeltaMillis the sensor's clock minus the server's when the report arrived
 * @param droppedEvents    events the sensor could not keep since it was installed (its spool full, logs refused)
 * @param droppedEventLogs whole event logs the sensor discarded since it was installed
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
        @JsonProperty("is_isolating") Boolean isolated,
        @JsonProperty("dropped_events") Long droppedEvents,
        @JsonProperty("dropped_eventlogs") Long droppedEventLogs) {

    /**
     * The longest text field kept ({@code network_adapters}, {@code os_environment_display_string},
     * {@code build_version}): longer reports are cut there, and control characters become spaces, so that the facts
     * as JSON always fit their column ({@code reported_facts}, 8000 characters) and no sensor's report can keep the
     * check-in batch from being written.
     */
    public static final int MAX_TEXT = 1000;

    public static final SensorFacts NONE = new SensorFacts(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** These facts updated by a report received at {@code receivedAt}; a null report changes nothing. */
    public SensorFacts updatedBy(HostStatus r, Instant receivedAt) {
        if (r == null) return this;
        return new SensorFacts(
                either(bounded(r.networkAdapters()), networkAdapters),
                either(bounded(r.osEnvironment()), osEnvironment),
                either(nonNegative(r.uptime()), uptime),
                either(nonNegative(r.sensorUptime()), sensorUptime),
                either(nonNegative(r.systemVolumeTotal()), systemVolumeTotal),
                either(nonNegative(r.systemVolumeFree()), systemVolumeFree),
                either(nonNegative(r.physicalMemory()), physicalMemory),
                either(bounded(r.buildVersion()), buildVersion),
                r.clock() == null ? clockDeltaMillis : Long.valueOf(r.clock() - receivedAt.toEpochMilli()),
                either(nonNegative(r.queuedEventLogs()), queuedEventLogs),
                either(nonNegative(r.queuedEventLogBytes()), queuedEventLogBytes),
                either(nonNegative(r.queuedStoreFiles()), queuedStoreFiles),
                either(nonNegative(r.queuedStoreFileBytes()), queuedStoreFileBytes),
                either(r.isolated(), isolated),
                either(nonNegative(r.droppedEvents()), droppedEvents),
                either(nonNegative(r.droppedEventLogs()), droppedEventLogs));
    }

    /** At most {@link #MAX_TEXT} characters, control characters as spaces (each escapes to at most two in JSON). */
    static String bounded(String text) {
        if (text == null) return null;
        StringBuilder b = new StringBuilder(TextLimits.truncated(text, MAX_TEXT));
        for (int i = 0; i < b.length(); i++) {
            if (b.charAt(i) < 0x20 || b.charAt(i) == 0x7f) b.setCharAt(i, ' ');
        }
        return b.toString();
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
