package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.group.CollectFlag;
import io.lampblack.server.group.GroupConfig;
import io.lampblack.server.group.TeamAccess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sensor group as cbapi's {@code SensorGroup} reads it (reference §5.7): every field, with what the server applies
 * typed and the rest as the administrator last sent it (Carbon Black's defaults until then). Lampblack adds
 * {@code checkin_interval_seconds} (null: the server's interval) and {@code has_enrolment_token}.
 *
 * @param settings the {@code collect_*} flags and the group's other fields, in the reference's order
 */
public record GroupDocument(
        @JsonProperty("id") int id,
        @JsonProperty("name") String name,
        @JsonProperty("site_id") int siteId,
        @JsonProperty("sensorbackend_server") String sensorbackendServer,
        @JsonProperty("team_access") List<TeamAccessEntry> teamAccess,
        @JsonProperty("alert_criticality") int alertCriticality,
        @JsonProperty("banning_enabled") boolean banningEnabled,
        @JsonProperty("isolation_exclusions") List<String> isolationExclusions,
        @JsonProperty("number_of_hosts") int numberOfHosts,
        @JsonProperty("checkin_interval_seconds") Integer checkinIntervalSeconds,
        @JsonProperty("has_enrolment_token") boolean hasEnrolmentToken,
        @JsonAnyGetter Map<String, Object> settings) {

    /** One team's role in the group. */
    public record TeamAccessEntry(
            @JsonProperty("team_id") int teamId,
            @JsonProperty("team_name") String teamName,
            @JsonProperty("access_category") String accessCategory) {}

    /**
     * @param otherFields the group's stored other fields, already merged over Carbon Black's defaults
     * @param hosts       sensors in the group
     */
    public static GroupDocument of(
            GroupConfig g, Map<String, Object> otherFields, List<TeamAccess.Grant> teams, int hosts) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (CollectFlag f : CollectFlag.values()) settings.put(f.field(), g.collects(f));
        settings.putAll(otherFields);
        return new GroupDocument(
                g.id(),
                g.name(),
                g.siteId(),
                g.sensorbackendServer(),
                teams.stream()
                        .map(t -> new TeamAccessEntry(t.teamId(), t.teamName(), t.accessCategory()))
                        .toList(),
                g.alertCriticality(),
                g.banningEnabled(),
                g.isolationExclusions(),
                hosts,
                g.checkinIntervalSeconds() == 0 ? null : g.checkinIntervalSeconds(),
                g.enrolmentToken(),
                settings);
    }
}
