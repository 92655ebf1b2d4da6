package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.group.ThrottleRule;

/** A site's throttle rule as cbapi's {@code ThrottleRule} reads it (reference §4.6); the day capitalised. */
public record ThrottleDocument(
        @JsonProperty("id") int id,
        @JsonProperty("site_id") int siteId,
        @JsonProperty("day_of_week") String dayOfWeek,
        @JsonProperty("from") String from,
        @JsonProperty("to") String to,
        @JsonProperty("bytes_per_second") long bytesPerSecond) {

    public static ThrottleDocument of(ThrottleRule r) {
        String day =
                Character.toUpperCase(r.dayOfWeek().charAt(0)) + r.dayOfWeek().substring(1);
        return new ThrottleDocument(r.id(), r.siteId(), day, r.from(), r.to(), r.bytesPerSecond());
    }
}
