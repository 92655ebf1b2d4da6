package io.lampblack.server.group;

import io.lampblack.server.problem.InvalidInput;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A sensor group with every setting of the reference (rest_api.md §5.7). What the server applies is typed here;
 * the group's other fields ({@code tamper_level}, {@code sensor_version_*}, quotas, ...) are kept as the JSON object
 * the administrator sent ({@code otherFieldsJson}) and returned as given.
 *
 * @param checkinIntervalSeconds how often the group's sensors check in; 0 = the server's {@code --checkin-seconds}
 * @param isolationExclusions    addresses an isolated sensor may still reach (sent to sensors as given)
 * @param enrolmentToken         whether the group has an enrolment token of its own
 */
public record GroupConfig(
        int id,
        String name,
        int siteId,
        String sensorbackendServer,
        int alertCriticality,
        boolean banningEnabled,
        Set<CollectFlag> collect,
        int checkinIntervalSeconds,
        List<String> isolationExclusions,
        String otherFieldsJson,
        boolean enrolmentToken) {

    public static final int DEFAULT_GROUP = 1;
    public static final int MAX_CHECKIN_SECONDS = 3600;
    static final int MAX_OTHER_FIELDS = 32000;
    private static final int MAX_EXCLUSIONS = 256;

    /** @throws InvalidInput ({@code invalid_group}) naming the field at fault */
    public GroupConfig {
        if (name == null || name.isBlank()) throw invalid("name is required");
        name = name.strip();
        if (name.length() > 255) throw invalid("name is longer than 255 characters");
        if (siteId <= 0) throw invalid("site_id must be a positive site id");
        sensorbackendServer = sensorbackendServer == null ? "" : sensorbackendServer;
        if (sensorbackendServer.length() > 1024) throw invalid("sensorbackend_server is longer than 1024 characters");
        if (alertCriticality < 1 || alertCriticality > 5) throw invalid("alert_criticality must be 1 to 5");
        if (checkinIntervalSeconds < 0 || checkinIntervalSeconds > MAX_CHECKIN_SECONDS) {
            throw invalid("checkin_interval_seconds must be 1 to " + MAX_CHECKIN_SECONDS + " (or null: the server's)");
        }
        collect = collect.isEmpty() ? EnumSet.noneOf(CollectFlag.class) : EnumSet.copyOf(collect);
        isolationExclusions = List.copyOf(isolationExclusions);
        if (isolationExclusions.size() > MAX_EXCLUSIONS) {
            throw invalid("isolation_exclusions has more than " + MAX_EXCLUSIONS + " entries");
        }
        for (String e : isolationExclusions) {
            if (e.length() > 255) throw invalid("isolation_exclusions has an entry longer than 255 characters");
        }
        otherFieldsJson = otherFieldsJson == null ? "{}" : otherFieldsJson;
        if (otherFieldsJson.length() > MAX_OTHER_FIELDS) {
            throw invalid("the group's other fields take more than " + MAX_OTHER_FIELDS + " characters");
        }
    }

    /** A new group with Carbon Black's defaults. */
    public static GroupConfig newGroup(String name, int siteId, String sensorbackendServer) {
        return new GroupConfig(
                0, name, siteId, sensorbackendServer, 3, true, CollectFlag.DEFAULTS, 0, List.of(), "{}", false);
    }

    public GroupConfig withId(int newId) {
        return new GroupConfig(
                newId,
                name,
                siteId,
                sensorbackendServer,
                alertCriticality,
                banningEnabled,
                collect,
                checkinIntervalSeconds,
                isolationExclusions,
                otherFieldsJson,
                enrolmentToken);
    }

    public boolean collects(CollectFlag flag) {
        return collect.contains(flag);
    }

    private static InvalidInput invalid(String message) {
        return new InvalidInput("invalid_group", message);
    }
}
