package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.api.wire.SiteDocument;
import io.lampblack.server.api.wire.ThrottleDocument;
import io.lampblack.server.group.GroupConfig;
import io.lampblack.server.group.SensorGroups;
import io.lampblack.server.group.Site;
import io.lampblack.server.group.SiteStore;
import io.lampblack.server.group.ThrottleRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sites and their throttle rules (reference §4.6). A site's single GET answers a one-element array, as cbapi's
 * {@code Site} expects; the default site 1 cannot be deleted, a site with groups neither (409). Throttle rules are
 * stored and reported: this server does not limit any sensor's bandwidth.
 */
public final class SiteApi {

    private static final long MAX_BODY = 64 * 1024;

    private final SiteStore store;
    private final SensorGroups groups;

    public SiteApi(SiteStore store, SensorGroups groups) {
        this.store = store;
        this.groups = groups;
    }

    public void register(Router r) {
        // Any user may read sites: a Viewer's sensor.group.site join reads them; what a site is configured with
        // (throttles) is for global administrators, as on Carbon Black.
        r.route("GET", "/api/site", Router.Access.READ, ex -> ex.json(200, documents(store.sites())));
        r.route("GET", "/api/site/{id}", Router.Access.READ, ex -> ex.json(200, documents(List.of(site(ex)))));
        r.route("POST", "/api/site", Router.Access.GLOBAL_ADMIN, this::createSite);
        r.route("PUT", "/api/site/{id}", Router.Access.GLOBAL_ADMIN, this::updateSite);
        r.route("DELETE", "/api/site/{id}", Router.Access.GLOBAL_ADMIN, this::deleteSite);
        r.route(
                "GET",
                "/api/throttle",
                Router.Access.GLOBAL_ADMIN,
                ex -> ex.json(
                        200,
                        store.throttles().stream().map(ThrottleDocument::of).toList()));
        r.route(
                "GET",
                "/api/throttle/{id}",
                Router.Access.GLOBAL_ADMIN,
                ex -> ex.json(200, ThrottleDocument.of(throttle(ex))));
        r.route("POST", "/api/throttle", Router.Access.GLOBAL_ADMIN, ex -> {
            ThrottleRule rule = store.createThrottle(throttleFrom(ex.jsonBody(MAX_BODY), Optional.empty()));
            ex.json(200, ThrottleDocument.of(rule));
        });
        r.route("PUT", "/api/throttle/{id}", Router.Access.GLOBAL_ADMIN, ex -> {
            ThrottleRule old = throttle(ex);
            ThrottleRule rule =
                    throttleFrom(ex.jsonBody(MAX_BODY), Optional.of(old)).withId(old.id());
            if (!store.updateThrottle(rule)) throw ApiException.notFound("throttle rule " + old.id());
            ex.json(200, ThrottleDocument.of(rule));
        });
        r.route("DELETE", "/api/throttle/{id}", Router.Access.GLOBAL_ADMIN, ex -> {
            if (!store.deleteThrottle(throttle(ex).id())) throw ApiException.notFound("throttle rule");
            ex.json(200, Result.SUCCESS);
        });
    }

    private void createSite(Exchange ex) {
        JsonNode body = ex.jsonBody(MAX_BODY);
        BodyFields b = new BodyFields(body, "invalid_site");
        if (!b.has("name")) throw ApiException.badRequest("invalid_site", "name is required");
        Site draft = new Site(0, b.text("name", ""), otherFields(body, "{}"));
        checkName(draft.name(), 0);
        Site created = store.createSite(draft);
        ex.json(200, documents(List.of(created)).getFirst());
    }

    private void updateSite(Exchange ex) {
        Site old = site(ex);
        JsonNode body = ex.jsonBody(MAX_BODY);
        BodyFields b = new BodyFields(body, "invalid_site");
        Site next = new Site(old.id(), b.text("name", old.name()), otherFields(body, old.otherFieldsJson()));
        checkName(next.name(), old.id());
        if (!store.updateSite(next)) throw ApiException.notFound("site " + old.id());
        ex.json(200, documents(List.of(next)).getFirst());
    }

    private void deleteSite(Exchange ex) {
        Site s = site(ex);
        if (s.id() == Site.DEFAULT_SITE)
            throw new ApiException(403, "default_site", "the default site cannot be deleted");
        switch (store.deleteSite(s.id())) {
            case NOT_FOUND -> throw ApiException.notFound("site " + s.id());
            case HAS_GROUPS ->
                throw new ApiException(
                        409, "site_has_groups", "site " + s.id() + " still has sensor groups; move them first");
            case DELETED -> ex.json(200, Result.SUCCESS);
        }
    }

    private void checkName(String name, int exceptId) {
        if (store.sites().stream().anyMatch(s -> s.id() != exceptId && s.name().equalsIgnoreCase(name))) {
            throw new ApiException(409, "duplicate_name", "site '" + name + "' exists already");
        }
    }

    private Site site(Exchange ex) {
        return Numbers.parseInt(ex.pathParam("id")).stream()
                .boxed()
                .findFirst()
                .flatMap(store::site)
                .orElseThrow(() -> ApiException.notFound("site " + ex.pathParam("id")));
    }

    private ThrottleRule throttle(Exchange ex) {
        return Numbers.parseInt(ex.pathParam("id")).stream()
                .boxed()
                .findFirst()
                .flatMap(store::throttle)
                .orElseThrow(() -> ApiException.notFound("throttle rule " + ex.pathParam("id")));
    }

    /** A new rule needs every field; an update keeps what the body leaves out. The site must exist (400). */
    private ThrottleRule throttleFrom(JsonNode body, Optional<ThrottleRule> old) {
        BodyFields b = new BodyFields(body, "invalid_throttle");
        if (old.isEmpty()) {
            for (String f : List.of("site_id", "day_of_week", "from", "to", "bytes_per_second")) {
                if (!b.has(f)) throw ApiException.badRequest("invalid_throttle", f + " is required");
            }
        }
        ThrottleRule rule = new ThrottleRule(
                0,
                b.integer("site_id", old.map(ThrottleRule::siteId).orElse(0)),
                b.text("day_of_week", old.map(ThrottleRule::dayOfWeek).orElse("")),
                b.text("from", old.map(ThrottleRule::from).orElse("")),
                b.text("to", old.map(ThrottleRule::to).orElse("")),
                b.longInteger(
                        "bytes_per_second",
                        old.map(ThrottleRule::bytesPerSecond).orElse(0L)));
        if (store.site(rule.siteId()).isEmpty()) {
            throw ApiException.badRequest("invalid_throttle", "site_id " + rule.siteId() + " does not exist");
        }
        return rule;
    }

    private List<SiteDocument> documents(List<Site> sites) {
        List<GroupConfig> all = groups.all();
        return sites.stream()
                .map(s -> new SiteDocument(
                        s.id(),
                        s.name(),
                        all.stream()
                                .filter(g -> g.siteId() == s.id())
                                .map(GroupConfig::id)
                                .toList(),
                        others(s.otherFieldsJson())))
                .toList();
    }

    /** Every field of the body but those the site's document computes, laid over the stored ones. */
    private static String otherFields(JsonNode body, String storedJson) {
        ObjectNode stored = BodyFields.storedObject(storedJson);
        body.properties().forEach(e -> {
            if (!List.of("id", "name", "group_ids").contains(e.getKey())) stored.set(e.getKey(), e.getValue());
        });
        return stored.toString();
    }

    private static Map<String, Object> others(String json) {
        Map<String, Object> m = new LinkedHashMap<>();
        BodyFields.storedObject(json).properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }
}
