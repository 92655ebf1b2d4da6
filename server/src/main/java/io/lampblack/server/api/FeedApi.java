package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.api.wire.FeedDocument;
import io.lampblack.server.api.wire.Result;
import io.lampblack.server.auth.User;
import io.lampblack.server.intel.Feed;
import io.lampblack.server.intel.FeedSource;
import io.lampblack.server.intel.FeedStore;
import io.lampblack.server.intel.FeedSync;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code /api/v1/feed} (reference rest_api.md §4.9): list, get, add from a {@code feed_url} (fetched and validated
 * first: 409 with the reason for a document that is not a valid feed, 408 when the feed server does not answer in
 * time, 502 when it cannot be reached), update, delete, and synchronise now (409 when the feed is disabled). Feed
 * objects have the shape of §5.9.
 *
 * <p>{@code file:} feed URLs read files on the server's host, so only global administrators may set one (403). The
 * feed's {@code password} and {@code ssl_client_key} are write-only ({@link FeedDocument#SECRET_MASK}): a PUT that
 * leaves them out or sends the mask back keeps them, except that a password is never carried over to a feed URL of
 * another origin (it would be sent there): such a PUT must give it again (400 {@code feed_password_required}).
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
                Router.Access.READ,
                ex -> ex.json(200, feeds.all().stream().map(FeedDocument::of).toList()));
        r.route("GET", "/api/v1/feed/{id}", Router.Access.READ, ex -> ex.json(200, FeedDocument.of(feed(ex))));
        r.route("POST", "/api/v1/feed", Router.Access.GLOBAL_ADMIN, this::add);
        r.route("PUT", "/api/v1/feed/{id}", Router.Access.GLOBAL_ADMIN, this::update);
        r.route("DELETE", "/api/v1/feed/{id}", Router.Access.GLOBAL_ADMIN, ex -> {
            long id = feed(ex).id();
            if (!feeds.delete(id)) throw ApiException.notFound("feed " + id);
            sync.forget(id);
            ex.json(200, Result.SUCCESS);
        });
        r.route("POST", "/api/v1/feed/{id}/synchronize", Router.Access.GLOBAL_ADMIN, this::synchronize);
    }

    private void add(Exchange ex) throws Exception {
        JsonNode body = ex.jsonBody(MAX_BODY);
        String url = body.path("feed_url").asText("").strip();
        if (url.isEmpty()) throw ApiException.badRequest("missing_feed_url", "feed_url is required");
        String clientKey = newSecret(body, "ssl_client_key");
        // What the feed table cannot keep is refused before the document is fetched, not after.
        Feed.checkLengths(
                url,
                body.path("username").asText(""),
                body.path("password").asText(""),
                body.path("ssl_client_crt").asText(""),
                clientKey);
        FeedSource source = new FeedSource(
                url,
                body.path("validate_server_cert").asBoolean(true),
                body.path("username").asText(""),
                newSecret(body, "password"));
        requireFileRight(ex, source);
        FeedSync.Fetched fetched = sync.fetch(source);
        boolean attached = false;
        Feed created = null;
        try {
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
                    clientKey,
                    OptionalDouble.empty(),
                    body.path("order").asInt(0),
                    true,
                    clock.instant(),
                    Optional.empty(),
                    "",
                    fetched.summary().reports(),
                    fetched.summary().iocs());
            created = feeds.create(feed);
            Feed added = sync.attach(created, fetched);
            attached = true;
            ex.json(200, FeedDocument.of(added));
        } finally {
            // A failed add leaves nothing behind: neither the fetched copy nor a feed without its document.
            if (!attached) {
                sync.discard(fetched);
                if (created != null) {
                    feeds.delete(created.id());
                    sync.forget(created.id());
                }
            }
        }
    }

    /** A secret as a new feed is given it: the mask is what a secret reads as, never a secret itself. */
    private static String newSecret(JsonNode body, String field) {
        String value = body.path(field).asText("");
        if (value.equals(FeedDocument.SECRET_MASK)) {
            throw ApiException.badRequest(
                    "bad_feed_secret", field + ": " + FeedDocument.SECRET_MASK + " is what a stored secret reads as");
        }
        return value;
    }

    /** A secret on update: empty when left out or sent back masked (the stored one stays), else the new one. */
    private static Optional<String> givenSecret(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || v.asText().equals(FeedDocument.SECRET_MASK)) return Optional.empty();
        return Optional.of(v.asText());
    }

    /** file: URLs read the server's own files: global administrators only (the only role until users and teams). */
    private static void requireFileRight(Exchange ex, FeedSource source) {
        if (source.isFile() && !ex.user().map(User::globalAdmin).orElse(false)) {
            throw new ApiException(403, "forbidden", "only global administrators may add file: feed URLs");
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
        FeedSource source = new FeedSource(url, validate, "", ""); // the same URL rules as on add
        if (!url.equals(old.feedUrl())) requireFileRight(ex, source);
        Optional<String> newPassword = givenSecret(b, "password");
        if (newPassword.isEmpty() && !old.password().isEmpty() && !source.isFile()) {
            if (!FeedSource.sameOrigin(source.url(), URI.create(old.feedUrl()))) {
                throw ApiException.badRequest(
                        "feed_password_required",
                        "feed_url now names another server: give the password again (it is not sent to a new server)");
            }
            if (old.validateServerCert() && !validate) {
                // Without certificate checks anyone on the path can pose as the server and read the password.
                throw ApiException.badRequest(
                        "feed_password_required",
                        "validate_server_cert is turned off: give the password again (it would go to an unverified"
                                + " server)");
            }
        }
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
                newPassword.orElse(old.password()),
                b.path("ssl_client_crt").asText(old.sslClientCrt()),
                givenSecret(b, "ssl_client_key").orElse(old.sslClientKey()),
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
