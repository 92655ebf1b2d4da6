package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.liveresponse.SessionView;
import java.util.List;

/**
 * A live-response session (reference §5.15), keys in the order Carbon Black's own documents show them. cbapi reads
 * {@code id}, {@code sensor_id}, {@code status} and {@code supported_commands}; {@code storage_size} is a string and
 * {@code create_time} epoch seconds with a fraction, as Carbon Black writes them; {@code storage_ttl} is in days.
 */
public record LiveResponseSessionDocument(
        @JsonProperty("id") long id,
        @JsonProperty("sensor_id") int sensorId,
        @JsonProperty("status") String status,
        @JsonProperty("supported_commands") List<String> supportedCommands,
        @JsonProperty("drives") List<String> drives,
        @JsonProperty("current_working_directory") String currentWorkingDirectory,
        @JsonProperty("hostname") String hostname,
        @JsonProperty("address") String address,
        @JsonProperty("os_version") String osVersion,
        @JsonProperty("session_timeout") long sessionTimeout,
        @JsonProperty("sensor_wait_timeout") long sensorWaitTimeout,
        @JsonProperty("check_in_timeout") long checkInTimeout,
        @JsonProperty("storage_size") String storageSize,
        @JsonProperty("storage_ttl") long storageTtl,
        @JsonProperty("create_time") double createTime) {

    public static LiveResponseSessionDocument of(SessionView s) {
        return new LiveResponseSessionDocument(
                s.id(),
                s.sensor().id(),
                s.status().wire(),
                s.supportedCommands(),
                s.drives(),
                s.currentWorkingDirectory(),
                s.sensor().hostname(),
                s.sensor().address(),
                s.sensor().osVersion(),
                s.sessionTimeout().toSeconds(),
                s.sensorWaitTimeout().toSeconds(),
                s.checkinTimeout().toSeconds(),
                Long.toString(s.storageBytes()),
                s.storageTtl().toDays(),
                EpochSeconds.of(s.created()));
    }
}
