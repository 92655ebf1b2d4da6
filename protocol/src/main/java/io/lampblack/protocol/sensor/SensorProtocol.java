package io.lampblack.protocol.sensor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The JSON messages of Lampblack's sensor protocol v1 (docs/sensor-protocol.md), shared by the server, the
 * simulator, the replay tool and the Linux sensor. Unknown fields are ignored so that either side can add fields
 * without breaking the other within one protocol version.
 */
public final class SensorProtocol {

    public static final int VERSION = 1;
    public static final String REGISTER = "/sensor/v1/register";
    public static final String CHECKIN = "/sensor/v1/checkin";
    public static final String EVENTLOG = "/sensor/v1/eventlog";
    public static final String BINARY = "/sensor/v1/binary";
    public static final String HEADER_SENSOR_ID = "X-Sensor-Id";
    public static final String HEADER_SENSOR_SECRET = "X-Sensor-Secret";
    public static final String HEADER_REGISTRATION_TOKEN = "X-Registration-Token";
    /**
     * On any answer to a sensor while actions wait for it: check in now rather than at the end of the interval
     * (value {@code 1}).
     */
    public static final String HEADER_CHECKIN_NOW = "X-Lampblack-Checkin-Now";

    /** Action types a sensor carries out and reports on ({@link ActionResult}). */
    public static final String ISOLATE = "isolate";

    public static final String UNISOLATE = "unisolate";
    public static final String FLUSH = "flush";
    public static final String RESTART = "restart";
    public static final String UNINSTALL = "uninstall";
    public static final String APPLIED = "applied";
    public static final String FAILED = "failed";

    private SensorProtocol() {}

    /** Host facts sent once at registration. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RegisterRequest(
            @JsonProperty("hostname") String hostname,
            @JsonProperty("computer_dns_name") String computerDnsName,
            @JsonProperty("os_type") String osType,
            @JsonProperty("host_type") String hostType,
            @JsonProperty("os_environment_display_string") String osEnvironment,
            @JsonProperty("network_adapters") String networkAdapters,
            @JsonProperty("build_version") String buildVersion,
            @JsonProperty("group_id") int groupId,

            @JsonProperty("status") @JsonInclude(JsonInclude.Include.NON_NULL)
            HostStatus status) {

        public RegisterRequest(
                String hostname,
                String computerDnsName,
                String osType,
                String hostType,
                String osEnvironment,
                String networkAdapters,
                String buildVersion,
                int groupId) {
            this(
                    hostname,
                    computerDnsName,
                    osType,
                    hostType,
                    osEnvironment,
                    networkAdapters,
                    buildVersion,
                    groupId,
                    null);
        }
    }

    /**
     * What a sensor reports about its host and itself, at registration and check-in (protocol v1 extension). Every
     * field is optional: one left out (null) keeps the value last reported.
     *
     * @param networkAdapters "ip,mac|ip,mac|" (MAC as 12 hex digits)
     * @param uptime          seconds since the host booted
     * @param sensorUptime    seconds since the sensor started
     * @param clock           the sensor's clock, epoch milliseconds, when it sent the report
     * @param isolated        whether the host is network-isolated now
     * @param supportsLiveResponse whether the sensor takes live-response sessions (§7); the REST API's
     *                        {@code supports_cblr}
     * @param droppedEvents   events the sensor collected but could not keep (its spool full), in all since it was
     *                        installed: a count that only grows, so a lost check-in loses nothing
     * @param droppedEventLogs event logs the sensor discarded whole (spool full, or refused by the server as
     *                        malformed), in all since it was installed
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HostStatus(
            @JsonProperty("network_adapters") String networkAdapters,
            @JsonProperty("os_environment_display_string") String osEnvironment,
            @JsonProperty("uptime") Long uptime,
            @JsonProperty("sensor_uptime") Long sensorUptime,
            @JsonProperty("systemvolume_total_size") Long systemVolumeTotal,
            @JsonProperty("systemvolume_free_size") Long systemVolumeFree,
            @JsonProperty("physical_memory_size") Long physicalMemory,
            @JsonProperty("build_version") String buildVersion,
            @JsonProperty("clock") Long clock,
            @JsonProperty("num_eventlogs") Long queuedEventLogs,
            @JsonProperty("num_eventlog_bytes") Long queuedEventLogBytes,
            @JsonProperty("num_storefiles") Long queuedStoreFiles,
            @JsonProperty("num_storefile_bytes") Long queuedStoreFileBytes,
            @JsonProperty("is_isolating") Boolean isolated,
            @JsonProperty("supports_cblr") Boolean supportsLiveResponse,
            @JsonProperty("dropped_events") Long droppedEvents,
            @JsonProperty("dropped_eventlogs") Long droppedEventLogs) {

        /** The facts of protocol v1 before live response (no live-response support, nothing dropped reported). */
        public HostStatus(
                String networkAdapters,
                String osEnvironment,
                Long uptime,
                Long sensorUptime,
                Long systemVolumeTotal,
                Long systemVolumeFree,
                Long physicalMemory,
                String buildVersion,
                Long clock,
                Long queuedEventLogs,
                Long queuedEventLogBytes,
                Long queuedStoreFiles,
                Long queuedStoreFileBytes,
                Boolean isolated) {
            this(
                    networkAdapters,
                    osEnvironment,
                    uptime,
                    sensorUptime,
                    systemVolumeTotal,
                    systemVolumeFree,
                    physicalMemory,
                    buildVersion,
                    clock,
                    queuedEventLogs,
                    queuedEventLogBytes,
                    queuedStoreFiles,
                    queuedStoreFileBytes,
                    isolated,
                    null,
                    null,
                    null);
        }
    }

    /** How an action the sensor was sent ended: {@link #APPLIED} or {@link #FAILED}, with a message for people. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ActionResult(
            @JsonProperty("id") long id,
            @JsonProperty("outcome") String outcome,
            @JsonProperty("message") String message) {}

    /** The identity the sensor uses from now on; the secret is shown only here. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RegisterResponse(
            @JsonProperty("protocol") int protocol,
            @JsonProperty("sensor_id") int sensorId,
            @JsonProperty("secret") String secret,
            @JsonProperty("group_id") int groupId,
            @JsonProperty("checkin_interval_seconds") int checkinIntervalSeconds) {}

    /**
     * @param banListVersion the version of the ban list the sensor enforces (empty: none yet); the answer carries
     *                       the list only when the server's differs
     * @param ingressFilterVersion likewise, the version of the ingress filters the sensor holds
     * @param configVersion  likewise, the version of its group's {@code config} the sensor holds
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CheckinRequest(
            @JsonProperty("acked_actions") List<Long> ackedActions,
            @JsonProperty("status") JsonNode status,
            @JsonProperty("ban_list_version") String banListVersion,

            @JsonProperty("action_results") @JsonInclude(JsonInclude.Include.NON_EMPTY)
            List<ActionResult> actionResults,

            @JsonProperty("ingress_filter_version") @JsonInclude(JsonInclude.Include.NON_EMPTY)
            String ingressFilterVersion,

            @JsonProperty("config_version") @JsonInclude(JsonInclude.Include.NON_EMPTY)
            String configVersion) {

        public CheckinRequest(
                List<Long> ackedActions,
                JsonNode status,
                String banListVersion,
                List<ActionResult> actionResults,
                String ingressFilterVersion) {
            this(ackedActions, status, banListVersion, actionResults, ingressFilterVersion, "");
        }

        public CheckinRequest(List<Long> ackedActions, JsonNode status) {
            this(ackedActions, status, "");
        }

        public CheckinRequest(List<Long> ackedActions, JsonNode status, String banListVersion) {
            this(ackedActions, status, banListVersion, List.of(), "");
        }

        public CheckinRequest(
                List<Long> ackedActions, JsonNode status, String banListVersion, List<ActionResult> actionResults) {
            this(ackedActions, status, banListVersion, actionResults, "");
        }
    }

    /**
     * The ingress filters a sensor should apply itself ({@code filter_on_sensor}), replacing any it held; the
     * fields mean what they mean in the REST API's filter objects (reference §5.13).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IngressFilterList(
            @JsonProperty("version") String version,
            @JsonProperty("filters") List<SensorIngressFilter> filters) {}

    /** One ingress filter for a sensor: only what decides which events it drops. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SensorIngressFilter(
            @JsonProperty("id") String id,
            @JsonProperty("priority") int priority,
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
            @JsonProperty("crossproc_filters") List<String> crossprocFilters) {}

    /** The MD5s (lower-case hex) a sensor must not let run, replacing any list it held. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BanList(
            @JsonProperty("version") String version,
            @JsonProperty("md5s") List<String> md5s) {}

    /** Something the server wants done (isolate, restart, ...). Acknowledged by id at the next check-in. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Action(
            @JsonProperty("id") long id,
            @JsonProperty("type") String type,
            @JsonProperty("payload") JsonNode payload) {}

    /**
     * The settings of the sensor's group that the sensor applies (docs/sensor-protocol.md §3, "Group settings"),
     * replacing any it held.
     *
     * @param version             a digest of the rest: a sensor that says it holds this version gets no config
     * @param collect             each {@code collect_*} flag of the group, by its name
     * @param eventKinds          the event kinds the group collects (names of {@code EventKind}); the server drops
     *                            the others at intake, so a sensor need not send them
     * @param banningEnabled      false: the sensor enforces no bans (its ban list is empty)
     * @param isolationExclusions addresses an isolated sensor may still reach
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SensorConfig(
            @JsonProperty("version") String version,
            @JsonProperty("group_id") int groupId,
            @JsonProperty("collect") Map<String, Boolean> collect,
            @JsonProperty("event_kinds") List<String> eventKinds,
            @JsonProperty("checkin_interval_seconds") int checkinIntervalSeconds,
            @JsonProperty("banning_enabled") boolean banningEnabled,
            @JsonProperty("isolation_exclusions") List<String> isolationExclusions) {}

    /**
     * @param banList only when the sensor holds another version than the server's (left out otherwise)
     * @param config  the group's settings, only when the sensor holds another version (left out otherwise)
     * @param binaryRequests MD5s (lower-case hex) of files this sensor reported (module info) whose content the
     *                       server's binary store lacks: the sensor uploads each it still has ({@link #BINARY})
     * @param liveResponse   a live-response session waits for this sensor or is open on it: hold the live-response
     *                       poll (§7) if not holding it already
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CheckinResponse(
            @JsonProperty("actions") List<Action> actions,
            @JsonProperty("checkin_interval_seconds") int checkinIntervalSeconds,

            @JsonProperty("ban_list") @JsonInclude(JsonInclude.Include.NON_NULL)
            BanList banList,

            @JsonProperty("config") @JsonInclude(JsonInclude.Include.NON_NULL)
            SensorConfig config,

            @JsonProperty("ingress_filters") @JsonInclude(JsonInclude.Include.NON_NULL)
            IngressFilterList ingressFilters,

            @JsonProperty("binary_requests") @JsonInclude(JsonInclude.Include.NON_EMPTY)
            List<String> binaryRequests,

            @JsonProperty("live_response") @JsonInclude(JsonInclude.Include.NON_DEFAULT)
            boolean liveResponse) {

        public CheckinResponse(List<Action> actions, int checkinIntervalSeconds, BanList banList) {
            this(actions, checkinIntervalSeconds, banList, null, null);
        }

        public CheckinResponse(
                List<Action> actions,
                int checkinIntervalSeconds,
                BanList banList,
                SensorConfig config,
                IngressFilterList ingressFilters) {
            this(actions, checkinIntervalSeconds, banList, config, ingressFilters, List.of(), false);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UploadResponse(
            @JsonProperty("upload_id") String uploadId,
            @JsonProperty("events") int events,
            @JsonProperty("duplicate") boolean duplicate) {}

    /** A binary file accepted into the store ({@code duplicate}: the store already had it). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BinaryUploadResponse(
            @JsonProperty("md5") String md5,
            @JsonProperty("size") long size,
            @JsonProperty("duplicate") boolean duplicate) {}

    /** Error body of every non-2xx answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ErrorResponse(
            @JsonProperty("reason") String reason,
            @JsonProperty("message") String message) {}
}
