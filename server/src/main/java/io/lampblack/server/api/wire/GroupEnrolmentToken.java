package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A sensor group's new enrolment token, shown this once (only its digest is kept). */
public record GroupEnrolmentToken(
        @JsonProperty("registration_token") String registrationToken) {}
