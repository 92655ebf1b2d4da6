package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.api.wire.ActionCreated;
import io.lampblack.server.api.wire.ActionDocument;
import io.lampblack.server.api.wire.ActionTypeDocument;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.api.wire.WatchlistDocument;
import io.lampblack.server.binary.BinarySearch;
import io.lampblack.server.intel.FeedStore;
import io.lampblack.server.intel.IntelAction;
import io.lampblack.server.intel.QueryIoc;
import io.lampblack.server.intel.Watchlist;
import io.lampblack.server.intel.WatchlistStore;
import io.lampblack.server.intel.WatchlistTimings;
import io.lampblack.server.search.ProcessSearch;
import io.lampblack.server.search.query.RequestParameters;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Watchlists and the actions of watchlists and feeds (reference rest_api.md §4.8–4.9, §5.8): list, get, create
 * (the query is checked first: a bad one is a 400 {@code query_malformed_syntax}), update, delete; actions listed,
 * added, changed and deleted. {@code search_query} is kept exactly as sent ({@code cb.urlver=1&q=...}).
 */
public final class WatchlistApi {

    private static final long MAX_BODY = 1 << 20;

    private final WatchlistStore store;
    private final FeedStore feeds;
    private final ProcessSearch processes;
    private final BinarySearch binaries;
    private final Clock clock;
    private final Runnable changed;
    private WatchlistTimings timings = new WatchlistTimings();

    /** @param changed told after a watchlist is added, changed or deleted (the stream reads them again) */
    public WatchlistApi(
            WatchlistStore store,
            FeedStore feeds,
            ProcessSearch processes,
            BinarySearch binaries,
            Clock clock,
            Runnable changed) {
        this.changed = changed;
        this.store = store;
        this.feeds = feeds;
        this.processes = processes;
        this.binaries = binaries;
        this.clock = clock;
    }

    /** Where {@code last_execution_time_ms} is read from. */
    public WatchlistApi timings(WatchlistTimings t) {
        this.timings = t;
        return this;
    }

    public void register(Router r) {
        r.route(
                "GET",
                "/api/v1/watchlist",
                Router.Access.READ,
                ex -> ex.json(200, store.all().stream().map(this::document).toList()));
        r.route("GET", "/api/v1/watchlist/{id}", Router.Access.READ, ex -> ex.json(200, document(watchlist(ex))));
        r.route("POST", "/api/v1/watchlist", Router.Access.GLOBAL_ADMIN, this::create);
        r.route("PUT", "/api/v1/watchlist/{id}", Router.Access.GLOBAL_ADMIN, this::update);
        r.route("DELETE", "/api/v1/watchlist/{id}", Router.Access.GLOBAL_ADMIN, ex -> {
            if (!store.delete(watchlist(ex).id())) throw ApiException.notFound("watchlist " + ex.pathParam("id"));
            changed.run();
            ex.json(200, Result.SUCCESS);
        });
        r.route(
                "GET",
                "/api/v1/watchlist/{id}/action_type",
                Router.Access.READ,
                ex -> ex.json(
                        200,
                        ActionTypeDocument.of(store.actions(
                                IntelAction.Owner.WATCHLIST, watchlist(ex).id()))));
        for (IntelAction.Owner owner : IntelAction.Owner.values()) {
            String base =
                    owner == IntelAction.Owner.WATCHLIST ? "/api/v1/watchlist/{id}/action" : "/api/v1/feed/{id}/action";
            r.route(
                    "GET",
                    base,
                    Router.Access.READ,
                    ex -> ex.json(
                            200,
                            store.actions(owner, owner(ex, owner)).stream()
                                    .map(ActionDocument::of)
                                    .toList()));
            r.route("POST", base, Router.Access.GLOBAL_ADMIN, ex -> addAction(ex, owner));
            r.route("PUT", base + "/{aid}", Router.Access.GLOBAL_ADMIN, ex -> {
                long ownerId = owner(ex, owner);
                JsonNode b = ex.jsonBody(MAX_BODY);
                IntelAction a = new IntelAction(
                        number(ex.pathParam("aid"), "action id"), owner, ownerId, actionType(b), actionData(b), "");
                if (!store.updateAction(a)) throw ApiException.notFound("action " + a.id());
                ex.json(200, Result.SUCCESS);
            });
            r.route("DELETE", base + "/{aid}", Router.Access.GLOBAL_ADMIN, ex -> {
                long aid = number(ex.pathParam("aid"), "action id");
                if (!store.deleteAction(owner, owner(ex, owner), aid)) throw ApiException.notFound("action " + aid);
                ex.json(200, Result.SUCCESS);
            });
        }
    }

    private WatchlistDocument document(Watchlist w) {
        return WatchlistDocument.of(w, timings.lastExecutionMillis(w.id()));
    }

    private void create(Exchange ex) {
        JsonNode b = ex.jsonBody(MAX_BODY);
        String name = b.path("name").asText("").strip();
        if (name.isEmpty()) throw ApiException.badRequest("missing_name", "name is required");
        QueryIoc.IndexType type = QueryIoc.IndexType.parse(b.path("index_type").asText("events"));
        String query = b.path("search_query").asText("");
        check(type, query);
        Watchlist w = store.create(new Watchlist(
                0,
                name,
                query,
                type,
                b.path("enabled").asBoolean(true),
                b.path("description").asText(""),
                b.path("readonly").asBoolean(false),
                clock.instant(),
                Optional.empty(),
                0,
                0,
                Optional.empty()));
        changed.run();
        // Carbon Black answers {"id": N}; the whole object also carries it, and spares clients a GET.
        ex.json(200, document(w));
    }

    /** cbapi's save() sends the whole object back; only what an analyst edits is taken from it. */
    private void update(Exchange ex) {
        Watchlist old = watchlist(ex);
        if (old.readonly()) throw new ApiException(403, "readonly", "watchlist " + old.id() + " is read-only");
        JsonNode b = ex.jsonBody(MAX_BODY);
        QueryIoc.IndexType type = b.hasNonNull("index_type")
                ? QueryIoc.IndexType.parse(b.get("index_type").asText())
                : old.indexType();
        String query = b.path("search_query").asText(old.searchQuery());
        check(type, query);
        Watchlist w = new Watchlist(
                old.id(),
                b.path("name").asText(old.name()),
                query,
                type,
                b.path("enabled").asBoolean(old.enabled()),
                b.path("description").asText(old.description()),
                old.readonly(),
                old.dateAdded(),
                old.lastHit(),
                old.lastHitCount(),
                old.totalHits(),
                old.searchTimestamp());
        if (!store.update(w)) throw ApiException.notFound("watchlist " + old.id());
        changed.run();
        ex.json(200, Result.SUCCESS);
    }

    /** Runs the query once, asking for no rows, so that a watchlist never holds a query the index refuses. */
    private void check(QueryIoc.IndexType type, String searchQuery) {
        if (searchQuery.isBlank()) throw ApiException.badRequest("missing_search_query", "search_query is required");
        Map<String, List<String>> params = RequestParameters.form(searchQuery);
        if (RequestParameters.first(params, "q") == null
                && params.keySet().stream().noneMatch(k -> k.startsWith("cb.q."))) {
            throw ApiException.badRequest(
                    "missing_search_query", "search_query has no q= (e.g. cb.urlver=1&q=process_name%3Aevil.exe)");
        }
        params.put("rows", List.of("0"));
        if (type == QueryIoc.IndexType.EVENTS) processes.search(params);
        else binaries.search(params);
    }

    private void addAction(Exchange ex, IntelAction.Owner owner) {
        long ownerId = owner(ex, owner);
        JsonNode b = ex.jsonBody(MAX_BODY);
        IntelAction a = store.addAction(new IntelAction(
                0,
                owner,
                ownerId,
                actionType(b),
                actionData(b),
                ex.user().map(u -> u.username()).orElse("")));
        ex.json(200, ActionCreated.of(a.id()));
    }

    private static String actionData(JsonNode b) {
        JsonNode d = b.path("action_data");
        return d.isTextual() ? d.asText() : d.isMissingNode() || d.isNull() ? "" : d.toString();
    }

    private static int actionType(JsonNode b) {
        JsonNode t = b.path("action_type");
        if (!t.canConvertToInt() || t.asInt() < IntelAction.EMAIL || t.asInt() > IntelAction.ALERT) {
            throw ApiException.badRequest(
                    "invalid_action_type", "action_type must be 0 (email), 1 (syslog), 2 (http_post) or 3 (alert)");
        }
        return t.asInt();
    }

    private long owner(Exchange ex, IntelAction.Owner owner) {
        long id = number(ex.pathParam("id"), owner == IntelAction.Owner.WATCHLIST ? "watchlist id" : "feed id");
        boolean exists = owner == IntelAction.Owner.WATCHLIST
                ? store.find(id).isPresent()
                : feeds.find(id).isPresent();
        if (!exists) throw ApiException.notFound(owner.dbName() + " " + id);
        return id;
    }

    private Watchlist watchlist(Exchange ex) {
        long id = number(ex.pathParam("id"), "watchlist id");
        return store.find(id).orElseThrow(() -> ApiException.notFound("watchlist " + id));
    }

    private static long number(String text, String what) {
        return Numbers.parseLong(text)
                .orElseThrow(() -> ApiException.badRequest("invalid_parameter", what + " must be a number: " + text));
    }
}
