package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.intel.ThreatReports;
import io.lampblack.server.search.RecordPage;
import io.lampblack.server.search.query.RequestParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Threat reports (reference rest_api.md §4.9–4.10, §5.10): search with the query language
 * ({@code GET /api/v1/threat_report}, by default {@code severity_score desc}), one report
 * ({@code /api/v1/feed/<fid>/report/<rid>}), a feed's reports, and ignoring or heeding reports in bulk by query or by
 * ids ({@code POST /api/v1/threat_report}). Ignored reports produce no feed hits and no alerts.
 */
public final class ThreatReportApi {

    private static final long MAX_BODY = 4 << 20;
    private static final int MAX_BULK = RecordPage.MAX_ROWS;

    private final ThreatReports reports;

    public ThreatReportApi(ThreatReports reports) {
        this.reports = reports;
    }

    public void register(Router r) {
        r.route("GET", "/api/v1/threat_report", Router.Access.READ, ex -> {
            long t0 = System.nanoTime();
            Map<String, List<String>> params = SearchRequests.query(ex);
            ex.json(200, AlertApi.envelope(reports.search(params), t0));
        });
        r.route("POST", "/api/v1/threat_report", Router.Access.GLOBAL_ADMIN, this::update);
        r.route("GET", "/api/v1/feed/{fid}/report/{rid}", Router.Access.READ, ex -> {
            long feedId = feedId(ex);
            String rid = ex.pathParam("rid");
            ex.json(
                    200,
                    reports.get(feedId, rid)
                            .orElseThrow(() -> ApiException.notFound("report " + rid + " of feed " + feedId)));
        });
        r.route("GET", "/api/v1/feed/{fid}/report", Router.Access.READ, ex -> {
            Map<String, List<String>> params =
                    Map.of("q", List.of("feed_id:" + feedId(ex)), "rows", List.of(Integer.toString(MAX_BULK)));
            ex.json(200, reports.search(params).results());
        });
    }

    /**
     * {@code {"query": "cb.urlver=1&q=...", "updates": {"is_ignored": true}}} or
     * {@code {"ids": {"<feed id>": ["<report id>", ...]}, "updates": {...}}}.
     */
    private void update(Exchange ex) {
        JsonNode b = ex.jsonBody(MAX_BODY);
        JsonNode ignore = b.path("updates").path("is_ignored");
        if (!ignore.isBoolean()) {
            throw new ApiException(406, "invalid_parameters", "updates.is_ignored (true or false) is required");
        }
        List<ObjectNode> targets = new ArrayList<>();
        if (b.path("ids").isObject()) {
            b.get("ids").properties().forEach(e -> {
                long feedId = parseFeedId(e.getKey());
                e.getValue()
                        .forEach(rid -> targets.add(reports.get(feedId, rid.asText())
                                .orElseThrow(
                                        () -> ApiException.notFound("report " + rid.asText() + " of feed " + feedId))));
            });
        } else if (b.hasNonNull("query")) {
            Map<String, List<String>> params =
                    RequestParameters.form(b.get("query").asText());
            params.put("rows", List.of(Integer.toString(MAX_BULK)));
            params.put("start", List.of("0"));
            targets.addAll(reports.search(params).results());
        } else {
            throw new ApiException(406, "invalid_parameters", "give ids or query");
        }
        reports.setIgnored(targets, ignore.asBoolean());
        ex.json(200, Result.SUCCESS);
    }

    private static long feedId(Exchange ex) {
        return parseFeedId(ex.pathParam("fid"));
    }

    private static long parseFeedId(String text) {
        return Numbers.parseLong(text)
                .orElseThrow(() -> ApiException.badRequest("invalid_parameter", "feed id must be a number: " + text));
    }
}
