package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.group.ThrottleRule;

/**
 * A site's throttle rule as cbapi's {@code ThrottleRule} reads it (reference §4.6): its model types the day and the
 * times as integers (0 Sunday ... 6 Saturday; minutes after midnight).
 */
public record ThrottleDocument(
        @JsonProperty("id") int id,
        @JsonProperty("site_id") int siteId,
        @JsonProperty("day_of_week") int dayOfWeek,
        @JsonProperty("from") int from,
        @JsonProperty("to") int to,
        @JsonProperty("bytes_per_second") long bytesPerSecond) {

    public static ThrottleDocument of(ThrottleRule r) {
        return new ThrottleDocument(
                r.id(), r.siteId(), r.dayNumber(), r.fromMinutes(), r.toMinutes(), r.bytesPerSecond());
    }
}
