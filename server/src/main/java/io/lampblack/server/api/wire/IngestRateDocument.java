package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /api/v1/dashboard/ingest} (Lampblack's own; Carbon Black's dashboard has no such route): events indexed
 * per interval over the last hour, oldest first, the last one still running (its {@code end} is now), and the rate
 * of the latest complete interval (of the running one before any completed).
 */
public record IngestRateDocument(
        @JsonProperty("interval_seconds") long intervalSeconds,
        @JsonProperty("events_indexed_total") long eventsIndexedTotal,
        @JsonProperty("events_per_second") double eventsPerSecond,
        @JsonProperty("intervals") List<Interval> intervals) {

    /** Events indexed between {@code start} and {@code end} (ISO-8601 instants). */
    public record Interval(
            @JsonProperty("start") String start,
            @JsonProperty("end") String end,
            @JsonProperty("events") long events,
            @JsonProperty("events_per_second") double eventsPerSecond) {}
}
