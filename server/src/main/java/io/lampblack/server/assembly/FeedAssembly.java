package io.lampblack.server.assembly;

import io.lampblack.server.alert.Alerts;
import io.lampblack.server.api.FeedApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.api.ThreatReportApi;
import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.intel.FeedFetcher;
import io.lampblack.server.intel.FeedSync;
import io.lampblack.server.intel.IgnoredReports;
import io.lampblack.server.intel.IngressMatcher;
import io.lampblack.server.intel.ThreatReports;
import io.lampblack.server.lucene.record.LuceneReportStore;
import io.lampblack.server.store.JdbcFeedStore;
import java.time.Duration;

/**
 * What threat intelligence knows: feeds (stored, fetched, synchronised every {@code --feed-sync-seconds}), their
 * indicators loaded into the ingress matcher, and their threat reports (searchable, ignorable). Before alerts: an
 * ignored feed alert ignores its report.
 */
public final class FeedAssembly implements RestRoutes {

    /** @param syncInterval how often enabled feeds are fetched again (zero: only when asked) */
    public record Settings(Duration syncInterval) {
        public static Settings from(ServerSettings s) {
            return new Settings(Duration.ofSeconds(s.get(ServerSettings.FEED_SYNC_SECONDS)));
        }
    }

    private final JdbcFeedStore store;
    private final IgnoredReports ignoredReports;
    private final IngressMatcher matcher = new IngressMatcher();
    private final ThreatReports reports;
    private final FeedSync sync;
    private final ServerContext ctx;

    public FeedAssembly(ServerContext ctx, Settings settings, StoreAssembly db, BusPublisher bus) {
        this.ctx = ctx;
        store = new JdbcFeedStore(db.database());
        ignoredReports = new IgnoredReports(store);
        reports = ctx.own(
                new ThreatReports(new LuceneReportStore(ctx.dir("index", "reports"), ctx.clock()), ignoredReports));
        sync = ctx.own(new FeedSync(store, new FeedFetcher(), matcher, reports, ctx.dir("feeds"), bus, ctx.clock()));
        sync.loadAll();
        sync.every(settings.syncInterval());
    }

    public JdbcFeedStore store() {
        return store;
    }

    /** Reports whose hits are turned off, kept across syncs and restarts. */
    public IgnoredReports ignoredReports() {
        return ignoredReports;
    }

    /** Every enabled feed's indicators, by value: what uploads are matched against as they are received. */
    public IngressMatcher matcher() {
        return matcher;
    }

    /** Ignoring a feed alert ignores the report that raised it. */
    public Alerts.ReportIgnorer reportIgnorer() {
        return (feedId, reportId) -> reports.setIgnored(feedId, reportId, true);
    }

    public FeedSync sync() {
        return sync;
    }

    @Override
    public void register(Router router) {
        new FeedApi(store, sync, ctx.clock()).register(router);
        new ThreatReportApi(reports).register(router);
    }
}
