package io.lampblack.server.assembly;

import io.lampblack.server.alert.Alerts;
import io.lampblack.server.api.FeedApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.api.ThreatReportApi;
import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.intel.FeedFetchPolicy;
import io.lampblack.server.intel.FeedFetcher;
import io.lampblack.server.intel.FeedSync;
import io.lampblack.server.intel.IgnoredReports;
import io.lampblack.server.intel.IngressMatcher;
import io.lampblack.server.intel.NetworkRange;
import io.lampblack.server.intel.ThreatReports;
import io.lampblack.server.lucene.record.LuceneReportStore;
import io.lampblack.server.store.JdbcFeedStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * What threat intelligence knows: feeds (stored, fetched, synchronised every {@code --feed-sync-seconds}), their
 * indicators loaded into the ingress matcher, and their threat reports (searchable, ignorable). Before alerts: an
 * ignored feed alert ignores its report.
 */
public final class FeedAssembly implements RestRoutes {

    /**
     * @param syncInterval   how often enabled feeds are fetched again (zero: only when asked)
     * @param fetchTimeout   how long one fetch may take in all
     * @param maxBytes       the largest document fetched
     * @param deniedNetworks where feed URLs may not lead
     * @param keyFiles       the operator's secret files outside the data directory (the TLS key, the --KEY-file secret files), never read as feeds
     */
    public record Settings(
            Duration syncInterval,
            Duration fetchTimeout,
            long maxBytes,
            List<NetworkRange> deniedNetworks,
            List<Path> keyFiles) {
        public static Settings from(ServerSettings s) {
            List<NetworkRange> denied;
            try {
                denied = NetworkRange.parseList(s.get(ServerSettings.FEED_DENY_NETWORKS));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("setting 'feed-deny-networks': " + e.getMessage(), e);
            }
            String tlsKey = s.get(ServerSettings.TLS_KEY);
            return new Settings(
                    Duration.ofSeconds(s.get(ServerSettings.FEED_SYNC_SECONDS)),
                    Duration.ofSeconds(s.get(ServerSettings.FEED_TIMEOUT_SECONDS)),
                    s.get(ServerSettings.FEED_MAX_BYTES),
                    denied,
                    keyFiles(tlsKey, s.secretFiles()));
        }

        /** The TLS key and every file a secret setting was read from: no feed may read them. */
        private static List<Path> keyFiles(String tlsKey, List<Path> secretFiles) {
            List<Path> files = new ArrayList<>(secretFiles);
            if (!tlsKey.isBlank()) files.add(Path.of(tlsKey));
            return List.copyOf(files);
        }
    }

    private final JdbcFeedStore store;
    private final IgnoredReports ignoredReports;
    private final IngressMatcher matcher = new IngressMatcher();
    private final ThreatReports reports;
    private final FeedSync sync;
    private final ServerContext ctx;

    /**
     * @param ownPort the server's own listening ports, which feeds may not be fetched from on any local address
     */
    public FeedAssembly(
            ServerContext ctx, Settings settings, StoreAssembly db, BusPublisher bus, IntPredicate ownPort) {
        this.ctx = ctx;
        store = new JdbcFeedStore(db.database());
        ignoredReports = new IgnoredReports(store);
        reports = ctx.own(
                new ThreatReports(new LuceneReportStore(ctx.dir("index", "reports"), ctx.clock()), ignoredReports));
        List<Path> deniedFiles = new ArrayList<>(FeedFetchPolicy.SYSTEM_DIRECTORIES);
        deniedFiles.add(ctx.dataDir());
        deniedFiles.addAll(settings.keyFiles());
        FeedFetcher fetcher = ctx.own(new FeedFetcher(new FeedFetchPolicy(
                settings.maxBytes(), settings.fetchTimeout(), settings.deniedNetworks(), ownPort, deniedFiles)));
        sync = ctx.own(new FeedSync(store, fetcher, matcher, reports, ctx.dir("feeds"), bus, ctx.clock()));
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

    /** The feeds' threat reports (searched and read by report id). */
    public ThreatReports reports() {
        return reports;
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
