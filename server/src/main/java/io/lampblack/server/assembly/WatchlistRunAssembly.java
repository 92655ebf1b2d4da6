package io.lampblack.server.assembly;

import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.intel.WatchlistRunner;
import java.time.Duration;
import java.util.Optional;

/**
 * The periodic watchlist run (every {@code --watchlist-seconds}): watchlists and feed query indicators searched over
 * what was indexed since the previous run, skipping what the stream already covered. After ingest, because a run
 * first waits until everything received so far is indexed and searchable.
 */
public final class WatchlistRunAssembly {

    /** How long a run waits for indexing to catch up before it searches. */
    private static final long CATCH_UP_MILLIS = 60_000;

    /** @param interval how often watchlists run (zero: only when asked) */
    public record Settings(Duration interval) {
        public static Settings from(ServerSettings s) {
            return new Settings(Duration.ofSeconds(s.get(ServerSettings.WATCHLIST_SECONDS)));
        }
    }

    private final WatchlistRunner runner;

    public WatchlistRunAssembly(
            ServerContext ctx,
            Settings settings,
            IntelAssembly intel,
            FeedAssembly feeds,
            SearchAssembly search,
            BinaryAssembly binaries,
            IngestAssembly ingest) {
        WatchlistRunner.FeedQueries feedQueries = new WatchlistRunner.FeedQueries(
                feeds.matcher(), feeds.store()::find, feeds.ignoredReports(), intel.feedQueryHits());
        runner = ctx.own(new WatchlistRunner(
                        intel.watchlists(),
                        search.search(),
                        binaries.search(),
                        intel.watchlistHits(),
                        Optional.of(feedQueries),
                        Optional.of(intel.watchlistStream()),
                        () -> ingest.pipeline().awaitIndexed(CATCH_UP_MILLIS),
                        ctx.clock())
                .timings(intel.watchlistTimings())
                .every(settings.interval()));
    }

    /** The periodic run; {@link WatchlistRunner#runAll()} runs it now. */
    public WatchlistRunner runner() {
        return runner;
    }
}
