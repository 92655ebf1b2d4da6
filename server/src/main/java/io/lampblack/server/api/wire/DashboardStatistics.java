package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/dashboard/statistics}: storage (as the 5.x server answered, under {@code storage}: the disk the
 * data directory is on, the bytes of each of its parts and the event partitions), sensors and alerts.
 */
public record DashboardStatistics(
        @JsonProperty("storage") @JsonInclude(JsonInclude.Include.NON_NULL) @MayBeNull
        Storage storage,

        @JsonProperty("sensors") Sensors sensors,
        @JsonProperty("alerts") Alerts alerts) {

    /**
     * @param parts bytes under each top-level part of the data directory ({@code index}, {@code journal},
     *     {@code binaries}, {@code db}, ...)
     */
    public record Storage(
            @JsonProperty("file_system_bytes") long fileSystemBytes,
            @JsonProperty("free_bytes") long freeBytes,
            @JsonProperty("data_bytes") long dataBytes,
            @JsonProperty("parts") Map<String, Long> parts,
            @JsonProperty("event_partitions") List<Partition> eventPartitions) {}

    /** One event partition; {@code end_date} null for the hot one. */
    public record Partition(
            @JsonProperty("name") String name,
            @JsonProperty("status") String status,
            @JsonProperty("size_bytes") long sizeBytes,
            @JsonProperty("doc_count") long docCount,
            @JsonProperty("start_date") String startDate,
            @MayBeNull @JsonProperty("end_date") String endDate) {}

    /** {@code online}: the sensor's status is "Online"; {@code isolated}: isolation requested. */
    public record Sensors(
            @JsonProperty("total") int total,
            @JsonProperty("online") int online,
            @JsonProperty("offline") int offline,
            @JsonProperty("isolated") int isolated) {}

    public record Alerts(
            @JsonProperty("total") long total,
            @JsonProperty("unresolved") long unresolved) {}
}
