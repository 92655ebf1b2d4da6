package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.api.wire.FeedDocument;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.intel.Feed;
import io.lampblack.server.intel.FeedSource;
import io.lampblack.server.intel.FeedStore;
import io.lampblack.server.intel.FeedSync;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code /api/v1/feed} (reference rest_api.md §4.9): list, get, add from a {@code feed_url} (fetched and validated
 * first: 409 with the reason for a document that is not a valid feed, 408 when the feed server does not answer in
 * time, 502 when it cannot be reached), update, delete, and synchronise now (409 when the feed is disabled). Feed
 * objects have the shape of §5.9.
 */
public final class FeedApi {

    private static final long MAX_BODY = 1 << 20;

    private final FeedStore feeds;
    private final FeedSync sync;
    private final Clock clock;

    public FeedApi(FeedStore feeds, FeedSync sync, Clock clock) {
        this.feeds = feeds;
        this.sync = sync;
        this.clock = clock;
    }

    public void register(Router r) {
        r.route(
                "GET",
                "/api/v1/feed",
                Router.Access.API_READ,
                ex -> ex.json(200, feeds.all().stream().map(FeedDocument::of).toList()));
        r.route("GET", "/api/v1/feed/{id}", Router.Access.API_READ, ex -> ex.json(200, FeedDocument.of(feed(ex))));
        r.route("POST", "/api/v1/feed", Router.Access.API_WRITE, this::add);
        r.route("PUT", "/api/v1/feed/{id}", Router.Access.API_WRITE, this::update);
        r.route("DELETE", "/api/v1/feed/{id}", Router.Access.API_WRITE, ex -> {
            long id = feed(ex).id();
            if (!feeds.delete(id)) throw ApiException.notFound("feed " + id);
            sync.forget(id);
            ex.json(200, Result.SUCCESS);
        });
        r.route("POST", "/api/v1/feed/{id}/synchronize", Router.Access.API_WRITE, this::synchronize);
    }

    private void add(Exchange ex) throws Exception {
        JsonNode body = ex.jsonBody(MAX_BODY);
        String url = body.path("feed_url").asText("").strip();
        if (url.isEmpty()) throw ApiException.badRequest("missing_feed_url", "feed_url is required");
        FeedSource source = new FeedSource(
                url,
                body.path("validate_server_cert").asBoolean(true),
                body.path("username").asText(""),
                body.path("password").asText(""),
                FeedSync.FETCH_TIMEOUT);
        FeedSync.Fetched fetched = sync.fetch(source);
        Feed feed = new Feed(
                0,
                fetched.summary().info(),
                url,
                body.path("enabled").asBoolean(true),
                body.path("use_proxy").asBoolean(false),
                source.validateServerCert(),
                source.username(),
                source.password(),
                body.path("ssl_client_crt").asText(""),
                body.path("ssl_client_key").asText(""),
                OptionalDouble.empty(),
                body.path("order").asInt(0),
                true,
                clock.instant(),
                Optional.empty(),
                "",
                fetched.summary().reports(),
                fetched.summary().iocs());
        try {
            ex.json(200, FeedDocument.of(sync.attach(feeds.create(feed), fetched)));
        } catch (FeedStore.DuplicateFeedException e) {
            sync.discard(fetched); // the fetched copy belongs to no feed
            throw e;
        }
    }

    private void synchronize(Exchange ex) throws Exception {
        Feed feed = feed(ex);
        if (!feed.enabled()) throw new ApiException(409, "feed_disabled", "feed " + feed.id() + " is disabled");
        sync.synchronize(feed);
        ex.json(200, Result.SUCCESS);
    }

    /** The settings an analyst may change; what the feed document says about itself stays as last fetched. */
    private void update(Exchange ex) throws Exception {
        Feed old = feed(ex);
        JsonNode b = ex.jsonBody(MAX_BODY);
        String url = b.path("feed_url").asText(old.feedUrl()).strip();
        boolean validate = b.path("validate_server_cert").asBoolean(old.validateServerCert());
        new FeedSource(url, validate, "", "", FeedSync.FETCH_TIMEOUT); // the same URL rules as on add
        OptionalDouble localRating = b.hasNonNull("local_rating")
                ? OptionalDouble.of(b.get("local_rating").asDouble())
                : old.localRating();
        Feed updated = new Feed(
                old.id(),
                old.info(),
                url,
                b.path("enabled").asBoolean(old.enabled()),
                b.path("use_proxy").asBoolean(old.useProxy()),
                validate,
                b.path("username").asText(old.username()),
                b.path("password").asText(old.password()),
                b.path("ssl_client_crt").asText(old.sslClientCrt()),
                b.path("ssl_client_key").asText(old.sslClientKey()),
                localRating,
                b.path("order").asInt(old.order()),
                old.manuallyAdded(),
                old.createdAt(),
                old.lastSync(),
                old.lastSyncError(),
                old.reportCount(),
                old.iocCount());
        if (!feeds.update(updated)) throw ApiException.notFound("feed " + old.id());
        sync.enabled(updated);
        ex.json(200, Result.SUCCESS);
    }

    private Feed feed(Exchange ex) {
        String id = ex.pathParam("id");
        long n = Numbers.parseLong(id)
                .orElseThrow(() -> ApiException.badRequest("bad_id", "feed id must be a number: " + id));
        return feeds.find(n).orElseThrow(() -> ApiException.notFound("feed " + id));
    }
}
