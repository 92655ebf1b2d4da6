package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.administration.Licensing;

/**
 * {@code GET /api/license} and {@code /api/v1/license} (reference §4.1): always valid, unlimited (the largest count an
 * int holds), never ending; {@code actual_sensor_count} is the real number of registered sensors;
 * {@code license_applied_at} says when a client last applied a license block (kept, without effect), null if never.
 */
public record LicenseDocument(
        @JsonProperty("license_valid") boolean licenseValid,
        @JsonProperty("license_end_date") String licenseEndDate,
        @JsonProperty("licensed_sensor_count") int licensedSensorCount,
        @JsonProperty("server_token") String serverToken,
        @JsonProperty("license_expired") boolean licenseExpired,
        @JsonProperty("licensed_sensor_count_exceeded") boolean licensedSensorCountExceeded,
        @JsonProperty("actual_sensor_count") int actualSensorCount,
        @JsonProperty("license_request_block") String licenseRequestBlock,
        @MayBeNull @JsonProperty("license_applied_at") String licenseAppliedAt) {

    public static LicenseDocument of(Licensing.Status s) {
        return new LicenseDocument(
                s.valid(),
                Licensing.END_DATE.toString(),
                Licensing.UNLIMITED_SENSORS,
                s.serverToken(),
                false,
                false,
                s.actualSensorCount(),
                s.requestBlock(),
                s.appliedAt().orElse(null));
    }
}
