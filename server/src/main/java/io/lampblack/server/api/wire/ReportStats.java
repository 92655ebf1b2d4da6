package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /api/v1/feed/<fid>/report/<rid>/stats}: the alerts a threat report raised, on processes and on binaries,
 * and when the last one was raised (null if never). Counted from alerts, so a feed without its alert action shows 0.
 */
public record ReportStats(
        @JsonProperty("feed_id") long feedId,
        @JsonProperty("report_id") String reportId,
        @JsonProperty("total_hits") long totalHits,
        @JsonProperty("process_hits") long processHits,
        @JsonProperty("binary_hits") long binaryHits,
        @MayBeNull @JsonProperty("last_hit") String lastHit) {}
