package io.lampblack.server.api;

import io.lampblack.server.api.wire.FeedRequirements;
import io.lampblack.server.api.wire.ReportStats;
import io.lampblack.server.intel.Feed;
import io.lampblack.server.intel.FeedStore;
import io.lampblack.server.intel.ThreatReports;
import io.lampblack.server.search.RecordPage;
import io.lampblack.server.search.SensorScope;
import io.lampblack.server.search.facet.FacetEntry;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What else clients read of a feed (reference §4.9): its requirements (none: nothing here depends on sharing or a
 * product feature), its icon as image bytes (decoded from the feed's base64 {@code icon}; 404 when it has none) and
 * the hit statistics of one of its reports, counted from the alerts the report raised.
 */
public final class FeedDetailsApi {

    private final FeedStore feeds;
    private final ThreatReports reports;
    private final BiFunction<Map<String, List<String>>, SensorScope, RecordPage> alertSearch;
    private final CallerScope scope;

    /**
     * @param alertSearch the alert search, limited to the alerts of the sensors in scope
     * @param scope       what each caller may see: report statistics count the caller's visible alerts only
     */
    public FeedDetailsApi(
            FeedStore feeds,
            ThreatReports reports,
            BiFunction<Map<String, List<String>>, SensorScope, RecordPage> alertSearch,
            CallerScope scope) {
        this.feeds = feeds;
        this.reports = reports;
        this.alertSearch = alertSearch;
        this.scope = scope;
    }

    public void register(Router r) {
        r.route("GET", "/api/v1/feed/{id}/requirements", Router.Access.READ, ex -> {
            feed(ex);
            ex.json(200, FeedRequirements.NONE);
        });
        r.route("GET", "/api/v1/feed/{id}/icon", Router.Access.READ, this::icon);
        r.route("GET", "/api/v1/feed/{id}/report/{rid}/stats", Router.Access.READ, this::reportStats);
    }

    private void icon(Exchange ex) {
        Feed feed = feed(ex);
        byte[] image;
        try {
            image = Base64.getMimeDecoder().decode(feed.info().icon());
        } catch (IllegalArgumentException e) {
            image = new byte[0]; // an icon that is not base64 is no icon
        }
        if (image.length == 0) throw ApiException.notFound("icon of feed " + feed.id());
        ex.send(200, imageType(image), image);
    }

    private void reportStats(Exchange ex) {
        Feed feed = feed(ex);
        String reportId = ex.pathParam("rid");
        if (reports.get(feed.id(), reportId).isEmpty()) {
            throw ApiException.notFound("report " + reportId + " of feed " + feed.id());
        }
        RecordPage page = alertSearch.apply(
                Map.of(
                        "q", List.of("feed_id:" + feed.id() + " watchlist_id:\"" + quoted(reportId) + "\""),
                        "rows", List.of("1"),
                        "sort", List.of("created_time desc"),
                        "facet", List.of("true"),
                        "facet.field", List.of("alert_type")),
                scope.sensors(ex.caller()));
        long process = 0;
        long binary = 0;
        for (FacetEntry e : page.facets().getOrDefault("alert_type", List.of())) {
            if (String.valueOf(e.name()).endsWith(".process")) process += e.value();
            else binary += e.value();
        }
        String lastHit = page.results().isEmpty()
                ? null
                : page.results().getFirst().path("created_time").asText(null);
        ex.json(200, new ReportStats(feed.id(), reportId, page.total(), process, binary, lastHit));
    }

    private Feed feed(Exchange ex) {
        return Numbers.parseLong(ex.pathParam("id")).stream()
                .mapToObj(feeds::find)
                .flatMap(java.util.Optional::stream)
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("feed " + ex.pathParam("id")));
    }

    /** A phrase's text in the query language: backslashes and quotes escaped. */
    private static String quoted(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The image type from its first bytes (feeds carry PNG, sometimes GIF or JPEG). */
    static String imageType(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "image/png";
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') return "image/gif";
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) return "image/jpeg";
        return "application/octet-stream";
    }
}
