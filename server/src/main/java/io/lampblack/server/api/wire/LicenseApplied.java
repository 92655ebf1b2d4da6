package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to a license POST: cbapi's {@code update_license} checks {@code status}, the 5.x server answered
 * {@code result}; both (reference §4.1, §8.10).
 */
public record LicenseApplied(
        @JsonProperty("result") String result,
        @JsonProperty("status") String status) {

    public static final LicenseApplied SUCCESS = new LicenseApplied("success", "success");
}
