package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.ingress.IngressFilter;
import java.util.List;

/**
 * An ingress filter as cbapi's {@code IngressFilter} reads it (reference §5.13): every field, {@code id} a string,
 * times as ISO text. {@code hit_rate} is the number of events the filter dropped; {@code create_user_id} and
 * {@code modify_user_id} are 0 (users have no numeric ids here; the usernames are kept beside them).
 */
public record IngressFilterDocument(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("create_timestamp") String createTimestamp,
        @JsonProperty("modify_timestamp") String modifyTimestamp,
        @JsonProperty("create_user_id") int createUserId,
        @JsonProperty("modify_user_id") int modifyUserId,
        @JsonProperty("create_username") String createUsername,
        @JsonProperty("modify_username") String modifyUsername,
        @JsonProperty("version") int version,
        @JsonProperty("priority") int priority,
        @JsonProperty("internal") boolean internal,
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("filter_on_sensor") boolean filterOnSensor,
        @JsonProperty("filter_on_server") boolean filterOnServer,
        @JsonProperty("track_metrics") boolean trackMetrics,
        @JsonProperty("hit_rate") long hitRate,
        @JsonProperty("os_mask") int osMask,
        @JsonProperty("global") boolean global,
        @JsonProperty("group_ids") List<Integer> groupIds,
        @JsonProperty("sensor_ids") List<Integer> sensorIds,
        @JsonProperty("path_filters") List<String> pathFilters,
        @JsonProperty("cmdline_filters") List<String> cmdlineFilters,
        @JsonProperty("md5_filters") List<String> md5Filters,
        @JsonProperty("descendant_filtering_level") int descendantFilteringLevel,
        @JsonProperty("filter_all_events") boolean filterAllEvents,
        @JsonProperty("regmod_filters") List<String> regmodFilters,
        @JsonProperty("modload_filters") List<String> modloadFilters,
        @JsonProperty("filemod_filters") List<String> filemodFilters,
        @JsonProperty("non_binary_filemod_filters") List<String> nonBinaryFilemodFilters,
        @JsonProperty("netconn_filters") List<String> netconnFilters,
        @JsonProperty("crossproc_filters") List<String> crossprocFilters) {

    public static IngressFilterDocument of(IngressFilter f) {
        IngressFilter.Spec s = f.spec();
        return new IngressFilterDocument(
                f.id(),
                s.name(),
                s.description(),
                f.created().toString(),
                f.modified().toString(),
                0,
                0,
                f.createdBy(),
                f.modifiedBy(),
                f.version(),
                s.priority(),
                s.internal(),
                s.enabled(),
                s.filterOnSensor(),
                s.filterOnServer(),
                s.trackMetrics(),
                f.hitCount(),
                s.osMask(),
                s.global(),
                s.groupIds(),
                s.sensorIds(),
                s.pathFilters(),
                s.cmdlineFilters(),
                s.md5Filters(),
                s.descendantFilteringLevel(),
                s.filterAllEvents(),
                s.regmodFilters(),
                s.modloadFilters(),
                s.filemodFilters(),
                s.nonBinaryFilemodFilters(),
                s.netconnFilters(),
                s.crossprocFilters());
    }
}
