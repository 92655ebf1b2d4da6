package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.sensor.SensorFacts;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A sensor as cbapi's {@code Sensor} reads it (reference §5.6), keys in alphabetical order as Carbon Black's server
 * wrote them. Sizes, uptimes and the clock delta are numeric strings, times are Carbon Black's database form
 * ({@code 2018-02-06 12:44:40.002234+00:00}), {@code os_type} is 1 Windows, 2 OSX, 3 Linux. The six fields cbapi
 * sends back on save are always present. What the sensor never reported is {@code "0"} or empty. Lampblack adds
 * {@code dropped_events} and {@code dropped_eventlogs}: what the sensor had to drop since it was installed (its spool
 * full, or logs refused as malformed), as it last reported them.
 */
public record SensorDocument(
        @JsonProperty("boot_id") String bootId,
        @JsonProperty("build_id") int buildId,
        @JsonProperty("build_version_string") String buildVersionString,
        @JsonProperty("clock_delta") String clockDelta,
        @JsonProperty("computer_dns_name") String computerDnsName,
        @JsonProperty("computer_name") String computerName,
        @JsonProperty("computer_sid") String computerSid,
        @JsonProperty("cookie") int cookie,
        @JsonProperty("display") boolean display,
        @JsonProperty("dropped_eventlogs") String droppedEventLogs,
        @JsonProperty("dropped_events") String droppedEvents,
        @JsonProperty("emet_dump_flags") String emetDumpFlags,
        @JsonProperty("emet_exploit_action") String emetExploitAction,
        @JsonProperty("emet_is_gpo") boolean emetIsGpo,
        @JsonProperty("emet_process_count") int emetProcessCount,
        @JsonProperty("emet_report_setting") String emetReportSetting,
        @JsonProperty("emet_telemetry_path") String emetTelemetryPath,
        @JsonProperty("emet_version") String emetVersion,
        @MayBeNull @JsonProperty("event_log_flush_time") String eventLogFlushTime,
        @JsonProperty("group_id") int groupId,
        @JsonProperty("id") int id,
        @JsonProperty("is_isolating") boolean isIsolating,
        @MayBeNull @JsonProperty("last_checkin_time") String lastCheckinTime,
        @JsonProperty("last_update") String lastUpdate,
        @JsonProperty("license_expiration") String licenseExpiration,
        @JsonProperty("network_adapters") String networkAdapters,
        @JsonProperty("network_isolation_enabled") boolean networkIsolationEnabled,
        @MayBeNull @JsonProperty("next_checkin_time") String nextCheckinTime,
        @JsonProperty("node_id") int nodeId,
        @JsonProperty("notes") String notes,
        @JsonProperty("num_eventlog_bytes") String numEventlogBytes,
        @JsonProperty("num_storefiles_bytes") String numStorefilesBytes,
        @JsonProperty("os_environment_display_string") String osEnvironmentDisplayString,
        @JsonProperty("os_environment_id") int osEnvironmentId,
        @JsonProperty("os_type") int osType,
        @JsonProperty("parity_host_id") String parityHostId,
        @JsonProperty("physical_memory_size") String physicalMemorySize,
        @JsonProperty("power_state") int powerState,
        @JsonProperty("registration_time") String registrationTime,
        @JsonProperty("restart_queued") boolean restartQueued,
        @JsonProperty("sensor_health_message") String sensorHealthMessage,
        @JsonProperty("sensor_health_status") int sensorHealthStatus,
        @JsonProperty("sensor_uptime") String sensorUptime,
        @JsonProperty("shard_id") int shardId,
        @JsonProperty("status") String status,
        @JsonProperty("supports_2nd_gen_modloads") boolean supports2ndGenModloads,
        @JsonProperty("supports_cblr") boolean supportsCblr,
        @JsonProperty("supports_isolation") boolean supportsIsolation,
        @JsonProperty("systemvolume_free_size") String systemvolumeFreeSize,
        @JsonProperty("systemvolume_total_size") String systemvolumeTotalSize,
        @JsonProperty("uninstall") boolean uninstall,
        @JsonProperty("uninstalled") boolean uninstalled,
        @JsonProperty("uptime") String uptime) {

    /** Carbon Black's database timestamps: microseconds and a numeric offset, here always UTC. */
    public static final DateTimeFormatter CB_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    /** What Carbon Black shows for a sensor without a license expiry. */
    static final String NO_LICENSE_EXPIRY = "1990-01-01 00:00:00.000000+00:00";

    /** Health while the last action succeeded, and after a sensor reported a failed one. */
    static final int HEALTHY = 100;

    static final int ACTION_FAILED = 50;

    /**
     * @param status      "Online", "Offline" or "Uninstalled" (the server's rule, from check-ins)
     * @param nextCheckin when the sensor is expected next; empty before its first check-in
     */
    public static SensorDocument of(Sensor s, String status, Optional<Instant> nextCheckin) {
        SensorFacts f = s.facts();
        String os = orElse(f.osEnvironment(), s.osEnvironment());
        String build = orElse(f.buildVersion(), s.buildVersion());
        Instant lastUpdate = s.lastCheckinTime().orElse(s.registrationTime());
        return new SensorDocument(
                "0",
                0,
                build,
                number(f.clockDeltaMillis() == null ? null : f.clockDeltaMillis() / 1000),
                s.computerDnsName(),
                s.hostname(),
                "",
                0,
                true,
                number(f.droppedEventLogs()),
                number(f.droppedEvents()),
                "",
                "",
                false,
                0,
                "",
                "",
                "",
                s.eventLogFlushTime().map(CB_TIME::format).orElse(null),
                s.groupId(),
                s.id(),
                s.isolating(),
                s.lastCheckinTime().map(CB_TIME::format).orElse(null),
                CB_TIME.format(lastUpdate),
                NO_LICENSE_EXPIRY,
                orElse(f.networkAdapters(), s.networkAdapters()),
                s.networkIsolationEnabled(),
                nextCheckin.map(CB_TIME::format).orElse(null),
                0,
                s.notes(),
                number(f.queuedEventLogBytes()),
                number(f.queuedStoreFileBytes()),
                os,
                0,
                s.osTypeCode(),
                "0",
                number(f.physicalMemory()),
                0,
                CB_TIME.format(s.registrationTime()),
                s.restartQueued(),
                s.healthMessage(),
                s.healthMessage().isEmpty() ? HEALTHY : ACTION_FAILED,
                number(f.sensorUptime()),
                0,
                status,
                false,
                f.takesLiveResponse(),
                true,
                number(f.systemVolumeFree()),
                number(f.systemVolumeTotal()),
                s.uninstall(),
                s.uninstalled(),
                number(f.uptime()));
    }

    private static String number(Long v) {
        return v == null ? "0" : Long.toString(v);
    }

    private static String orElse(String reported, String registered) {
        return reported == null || reported.isEmpty() ? registered : reported;
    }
}
