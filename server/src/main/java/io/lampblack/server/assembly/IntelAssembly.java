package io.lampblack.server.assembly;

import io.lampblack.server.api.Router;
import io.lampblack.server.api.WatchlistApi;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.intel.ActionDispatcher;
import io.lampblack.server.intel.FeedQueryHits;
import io.lampblack.server.intel.IngressHits;
import io.lampblack.server.intel.MailSender;
import io.lampblack.server.intel.WatchlistHits;
import io.lampblack.server.intel.WatchlistStream;
import io.lampblack.server.intel.WatchlistTimings;
import io.lampblack.server.store.JdbcWatchlistStore;
import io.lampblack.server.tag.TagStore;
import java.time.Duration;

/**
 * Detection as data arrives: feed indicators matched against uploads as they are received (hits on the bus at once,
 * then tags, alerts and storage hits), and process watchlists matched against segments as they are indexed; both
 * hooks on the ingest route. Watchlists are managed here ({@code /api/v1/watchlist}); their actions (e-mail, syslog,
 * HTTP) go out on one delivery thread. The periodic run over the index comes after ingest
 * ({@link WatchlistRunAssembly}).
 */
public final class IntelAssembly implements RestRoutes {

    /**
     * @param legacyFeedHitKeys  also publish feed hits under the 5.1 keys without the feed id
     * @param streamQueue        segments waiting for streamed watchlist matching, at most (0: no stream)
     * @param syslogTarget       where syslog actions go ({@code udp://host:port} or {@code tcp://...})
     * @param smtpServer         where e-mail actions go ({@code smtp://...} or {@code smtps://...})
     * @param smtpFrom           their sender
     */
    public record Settings(
            boolean legacyFeedHitKeys, int streamQueue, String syslogTarget, String smtpServer, String smtpFrom) {
        public static Settings from(ServerSettings s) {
            return new Settings(
                    s.get(ServerSettings.FEED_HIT_LEGACY_KEYS),
                    s.get(ServerSettings.WATCHLIST_STREAM_QUEUE),
                    s.get(ServerSettings.SYSLOG_TARGET),
                    s.get(ServerSettings.SMTP_SERVER),
                    s.get(ServerSettings.SMTP_FROM));
        }
    }

    /** How long a failed action waits before its first retry. */
    private static final Duration ACTION_BACKOFF = Duration.ofSeconds(2);

    private final ServerContext ctx;
    private final JdbcWatchlistStore watchlists;
    private final IngressHits ingressHits;
    private final WatchlistHits watchlistHits;
    private final WatchlistStream stream;
    private final FeedQueryHits feedQueryHits;
    private final FeedAssembly feeds;
    private final SearchAssembly search;
    private final BinaryAssembly binaries;
    private final WatchlistTimings timings = new WatchlistTimings();

    public IntelAssembly(
            ServerContext ctx,
            Settings settings,
            StoreAssembly store,
            AccessAssembly access,
            BusAssembly bus,
            BinaryAssembly binaries,
            SearchAssembly search,
            FeedAssembly feeds,
            AlertAssembly alerts) {
        this.ctx = ctx;
        this.feeds = feeds;
        this.search = search;
        this.binaries = binaries;
        TagStore tags = store.tags();
        watchlists = new JdbcWatchlistStore(store.database());
        ActionDispatcher actions = ctx.own(new ActionDispatcher(
                watchlists,
                settings.syslogTarget(),
                MailSender.configure(settings.smtpServer(), settings.smtpFrom(), access.emailOfUser()),
                ACTION_BACKOFF));
        ingressHits = ctx.own(new IngressHits(
                feeds.matcher(),
                feeds.store()::find,
                binaries::currentDocument,
                feeds.ignoredReports(),
                bus.publisher(),
                tags,
                alerts.alerts(),
                actions,
                settings.legacyFeedHitKeys(),
                ctx.clock()));
        watchlistHits = new WatchlistHits(watchlists, tags, alerts.alerts(), bus.publisher(), actions, ctx.clock());
        stream = ctx.own(new WatchlistStream(
                watchlists, search.segmentMatcher(), watchlistHits, settings.streamQueue(), ctx.clock()));
        feedQueryHits = new FeedQueryHits(
                tags, alerts.alerts(), bus.publisher(), actions, settings.legacyFeedHitKeys(), ctx.clock());
    }

    /** Feed hits of uploads as they are received: a hook on the ingest route's received stage. */
    public IngressHits ingressHits() {
        return ingressHits;
    }

    /** Process watchlists matched as segments are indexed: a hook on the ingest route's indexed stage. */
    public WatchlistStream watchlistStream() {
        return stream;
    }

    JdbcWatchlistStore watchlists() {
        return watchlists;
    }

    /** How long each watchlist's last periodic run took: the runner writes, the watchlist API reads. */
    WatchlistTimings watchlistTimings() {
        return timings;
    }

    WatchlistHits watchlistHits() {
        return watchlistHits;
    }

    FeedQueryHits feedQueryHits() {
        return feedQueryHits;
    }

    @Override
    public void register(Router router) {
        new WatchlistApi(watchlists, feeds.store(), search.search(), binaries.search(), ctx.clock(), stream::changed)
                .timings(timings)
                .register(router);
    }
}
