package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.alert.Alerts;
import io.lampblack.server.api.wire.BulkChange;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.api.wire.SearchEnvelope;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.search.RecordPage;
import io.lampblack.server.search.facet.FacetEntry;
import io.lampblack.server.search.query.RequestParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts (reference rest_api.md §4.11, §5.11): search ({@code /api/v2/alert}, and the historical
 * {@code /api/v1/alert}), triage of one alert ({@code POST /api/v1/alert/<unique_id>}: status, assignee, ignore) and
 * of many ({@code POST /api/v1/alerts}, also {@code /api/v2/alerts}: by {@code alert_ids} or by a {@code query}).
 */
public final class AlertApi {

    private static final long MAX_BODY = 4 << 20;
    /** Most alerts one bulk change by query touches (cbapi sends at most 500 ids per request). */
    static final int MAX_BULK = 10_000;

    private final Alerts alerts;
    private final CallerScope scope;

    /** @param scope what each caller may see: searches list only visible alerts, changes need their group's admin */
    public AlertApi(Alerts alerts, CallerScope scope) {
        this.alerts = alerts;
        this.scope = scope;
    }

    public void register(Router r) {
        r.route("GET", "/api/v2/alert", Router.Access.READ, ex -> respond(ex, SearchRequests.query(ex)));
        r.route("GET", "/api/v1/alert", Router.Access.READ, ex -> respond(ex, SearchRequests.query(ex)));
        r.route("POST", "/api/v1/alert/{id}", Router.Access.groupAdmin(this::groupOfAlert), this::changeOne);
        r.route("POST", "/api/v1/alerts", Router.Access.ANALYST, this::changeMany);
        r.route("POST", "/api/v2/alerts", Router.Access.ANALYST, this::changeMany);
    }

    private void respond(Exchange ex, Map<String, List<String>> params) {
        long t0 = System.nanoTime();
        RecordPage page = alerts.search(params, scope.sensors(ex.caller()));
        ex.json(200, envelope(page, t0, CallerScope.filtered(ex.caller())));
    }

    /** The group of the alert named by the path: its sensor's current group; empty for an unknown alert (404). */
    private Optional<Integer> groupOfAlert(Exchange ex) {
        return alerts.get(ex.pathParam("id")).map(this::groupOf);
    }

    private int groupOf(JsonNode alert) {
        return scope.groupOfSensor(alert.path("sensor_id").asLong(0));
    }

    /** The search envelope of process and binary search (reference §1.3) around a page of records. */
    static SearchEnvelope envelope(RecordPage page, long startNanos) {
        return envelope(page, startNanos, Map.of());
    }

    /** @param filtered what the results were limited to (empty: nothing) */
    static SearchEnvelope envelope(RecordPage page, long startNanos, Map<String, Object> filtered) {
        Map<String, List<Map<String, Object>>> facets = new LinkedHashMap<>();
        page.facets()
                .forEach((name, entries) -> facets.put(
                        name, entries.stream().map(FacetEntry::toJson).toList()));
        return new SearchEnvelope(
                page.results(),
                page.total(),
                page.start(),
                (System.nanoTime() - startNanos) / 1e9,
                page.terms(),
                List.of(),
                facets,
                null,
                filtered);
    }

    /** {@code {"status": s, "unique_id": id}} from change_status, or the whole document from {@code alert.save()}. */
    private void changeOne(Exchange ex) {
        String id = ex.pathParam("id");
        JsonNode b = ex.jsonBody(MAX_BODY);
        if (alerts.get(id).isEmpty()) throw ApiException.notFound("alert " + id);
        boolean ignore =
                b.path("set_ignored").asBoolean(false) || b.path("is_ignored").asBoolean(false);
        if (ignore) mayIgnoreReportsOf(ex.caller(), List.of(id));
        change(List.of(id), text(b, "status"), text(b, "assigned_to"), ignore);
        ex.json(200, Result.SUCCESS);
    }

    private void changeMany(Exchange ex) {
        JsonNode b = ex.jsonBody(MAX_BODY);
        List<String> ids = new ArrayList<>();
        Caller caller = ex.caller();
        if (b.path("alert_ids").isArray()) {
            b.get("alert_ids").forEach(v -> ids.add(v.asText()));
        } else if (b.hasNonNull("query")) {
            Map<String, List<String>> params =
                    RequestParameters.form(b.get("query").asText());
            params.put("rows", List.of(Integer.toString(MAX_BULK)));
            params.put("start", List.of("0"));
            RecordPage page = alerts.search(params, scope.sensors(caller));
            page.results().forEach(a -> ids.add(a.path("unique_id").asText()));
        } else {
            throw ApiException.badRequest("invalid_parameter", "give alert_ids or query");
        }
        // Only the alerts of groups the caller administers change; the rest are skipped as unknown ids are, and the
        // answer says how many, without telling an invisible alert from one that does not exist.
        List<String> administered = caller.globalAdmin()
                ? ids
                : ids.stream()
                        .filter(id -> alerts.get(id)
                                .map(a -> caller.mayAdminister(groupOf(a)))
                                .orElse(false))
                        .toList();
        boolean ignore = b.path("set_ignored").asBoolean(false);
        if (ignore) mayIgnoreReportsOf(caller, administered);
        int changed = alerts.change(administered, text(b, "requested_status"), text(b, "assigned_to"), ignore);
        ex.json(200, BulkChange.of(changed, ids.size() - changed));
    }

    /**
     * Ignoring a feed alert ignores its threat report server-wide (no group gets its hits any more): only a global
     * administrator may, so a group's Administrator asking it for a feed alert gets a 403 and nothing changes.
     * Ignoring a watchlist alert touches that alert only.
     */
    private void mayIgnoreReportsOf(Caller caller, List<String> ids) {
        if (caller.globalAdmin()) return;
        for (String id : ids) {
            if (alerts.get(id).map(a -> a.path("feed_id").asLong(-1) > 0).orElse(false)) {
                throw ApiException.forbidden(
                        "ignoring a feed alert ignores its threat report for every group: this needs a global"
                                + " administrator");
            }
        }
    }

    private void change(List<String> ids, Optional<String> status, Optional<String> assignee, boolean ignore) {
        alerts.change(ids, status, assignee, ignore);
    }

    private static Optional<String> text(JsonNode b, String field) {
        return b.hasNonNull(field) ? Optional.of(b.get(field).asText()) : Optional.empty();
    }
}
