package io.lampblack.server.intel;

import java.util.List;

/**
 * One report of a feed: a scored finding and the indicators that reveal it. A match on any indicator tags the
 * activity with the report.
 *
 * @param id        unique within its feed for the feed's lifetime; no whitespace
 * @param timestamp last change, epoch seconds
 * @param score     severity, -100 to 100
 * @param tags      the optional comma-separated {@code tags}, split
 */
public record FeedReport(
        String id,
        long timestamp,
        String link,
        String title,
        int score,
        String description,
        List<String> tags,
        ReportIocs iocs) {

    public FeedReport {
        tags = List.copyOf(tags);
    }
}
