package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.intel.IocIndex;

/** One feed report that names an object, with the indicator that matched. */
public record ThreatIntelHit(
        @JsonProperty("feed_id") long feedId,
        @JsonProperty("report_id") String reportId,
        @JsonProperty("title") String title,
        @JsonProperty("score") int score,
        @JsonProperty("ioc_type") String iocType,
        @JsonProperty("ioc_value") String iocValue) {

    public static ThreatIntelHit of(IocIndex.Hit h) {
        return new ThreatIntelHit(
                h.feedId(), h.reportId(), h.title(), h.score(), h.type().wire(), h.value());
    }
}
