package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code GET /api/info} (reference §4.1): what every {@code CbResponseAPI()} reads first. {@code version} decides
 * which endpoints clients use; {@code cblrEnabled} whether they offer live response. Carbon Black's own mix of
 * camelCase and snake_case keys.
 */
public record ApiInfo(
        @JsonProperty("version") String version,
        @JsonProperty("version_release") String versionRelease,
        @JsonProperty("lampblack_version") String lampblackVersion,
        @JsonProperty("server_product") String serverProduct,
        @JsonProperty("cblrEnabled") boolean cblrEnabled,
        @JsonProperty("processPageSize") int processPageSize,
        @JsonProperty("binaryPageSize") int binaryPageSize,
        @JsonProperty("processOrder") String processOrder,
        @JsonProperty("binaryOrder") String binaryOrder,
        @JsonProperty("maxSearchResultRows") int maxSearchResultRows,
        @JsonProperty("maxRowsSolrReportQuery") int maxRowsSolrReportQuery,
        @JsonProperty("searchExportCount") int searchExportCount,
        @JsonProperty("timestampDeltaThreshold") int timestampDeltaThreshold,
        @JsonProperty("linuxInstallerExists") boolean linuxInstallerExists,
        @JsonProperty("osxInstallerExists") boolean osxInstallerExists,
        @JsonProperty("liveResponseAutoAttach") boolean liveResponseAutoAttach,
        @JsonProperty("banningEnabled") boolean banningEnabled,
        @JsonProperty("vdiGloballyEnabled") boolean vdiGloballyEnabled,
        @JsonProperty("cloud_install") boolean cloudInstall,
        @JsonProperty("features") Features features,
        @JsonProperty("user_preferences") Map<String, Object> userPreferences) {

    /** {@code features}, in the reference's order. */
    public record Features(
            @JsonProperty("immutable_documents") boolean immutableDocuments,
            @JsonProperty("event_exclusions") boolean eventExclusions,
            @JsonProperty("thirdparty_sharing") boolean thirdpartySharing,
            @JsonProperty("ipv6_support") boolean ipv6Support) {}

    /** This document with {@code linuxInstallerExists} set. */
    public ApiInfo withLinuxInstaller(boolean exists) {
        return new ApiInfo(
                version,
                versionRelease,
                lampblackVersion,
                serverProduct,
                cblrEnabled,
                processPageSize,
                binaryPageSize,
                processOrder,
                binaryOrder,
                maxSearchResultRows,
                maxRowsSolrReportQuery,
                searchExportCount,
                timestampDeltaThreshold,
                exists,
                osxInstallerExists,
                liveResponseAutoAttach,
                banningEnabled,
                vdiGloballyEnabled,
                cloudInstall,
                features,
                userPreferences);
    }
}
