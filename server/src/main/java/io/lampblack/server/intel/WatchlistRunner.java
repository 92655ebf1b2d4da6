package io.lampblack.server.intel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.binary.BinaryJson;
import io.lampblack.server.binary.BinaryRecord;
import io.lampblack.server.binary.BinarySearch;
import io.lampblack.server.json.Json;
import io.lampblack.server.search.ProcessHit;
import io.lampblack.server.search.ProcessSearch;
import io.lampblack.server.search.query.RequestParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic watchlist run (Carbon Black's every 10 minutes; here every minute by default): each enabled watchlist's
 * query is run, with the same comprehensive (whole-process) semantics as {@code watchlist.search()}, over the data
 * received since its last run, and what {@link WatchlistHits} has not reported yet is reported: what the
 * {@link WatchlistStream} could not see segment by segment, or missed while it shed load.
 *
 * <p>Before each run everything received so far is made searchable, so the run's window ends exactly where the next
 * one starts.
 */
public final class WatchlistRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchlistRunner.class);

    private static final int PAGE = 1_000;
    /** Most matches one watchlist considers per run; the rest wait for the next run. */
    static final int MAX_PER_RUN = 50_000;

    /** Makes everything received so far searchable. */
    @FunctionalInterface
    public interface Searchable {
        void now() throws InterruptedException;
    }

    private final WatchlistStore store;
    private final ProcessSearch processes;
    private final BinarySearch binaries;
    private final WatchlistHits hits;
    private final Searchable searchable;
    private final Instant started;
    private final Optional<FeedQueries> feedQueries;
    private final Optional<WatchlistStream> stream;
    /** The stream's {@link WatchlistStream#missed()} at the previous run (runner thread only). */
    private long missedAtLastRun = -1;
    /** Feed report key to the time its query has been run up to (runner thread only). */
    private final Map<String, Instant> queryWindows = new java.util.HashMap<>();

    private final Clock clock;
    private WatchlistTimings timings = new WatchlistTimings();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("watchlists").daemon(true).factory());

    /**
     * @param feedQueries also runs the query indicators of the enabled feeds' reports (not ignored ones), the same
     *                    way, reporting through their own hits. A report's first run looks back to ten minutes before
     *                    this server started; later runs start where the previous one ended.
     * @param stream      lets runs skip what the stream already covered: a process watchlist whose query per-segment
     *                    matching answers exactly ({@link ProcessSearch#perSegmentSuffices}) needs no periodic search
     *                    over a window the stream saw whole (it ran the watchlist since before the window began and
     *                    missed nothing since the previous run). Saves most of the periodic run's cost; the
     *                    comprehensive queries (AND/NOT over events) still run.
     */
    public WatchlistRunner(
            WatchlistStore store,
            ProcessSearch processes,
            BinarySearch binaries,
            WatchlistHits hits,
            Optional<FeedQueries> feedQueries,
            Optional<WatchlistStream> stream,
            Searchable searchable,
            Clock clock) {
        this.feedQueries = feedQueries;
        this.stream = stream;
        this.store = store;
        this.processes = processes;
        this.binaries = binaries;
        this.hits = hits;
        this.searchable = searchable;
        this.started = clock.instant().minus(Duration.ofMinutes(10));
        this.clock = clock;
    }

    /** The query indicators of the feeds, and where their hits go. */
    public record FeedQueries(
            IngressMatcher feeds,
            java.util.function.LongFunction<Optional<Feed>> stored,
            IgnoredReports ignored,
            FeedQueryHits hits) {}

    /** Where each watchlist's run time goes (by default nowhere anyone reads). */
    public WatchlistRunner timings(WatchlistTimings t) {
        this.timings = t;
        return this;
    }

    /** Runs every enabled watchlist every {@code interval} (zero: only when asked). */
    public WatchlistRunner every(Duration interval) {
        if (interval.isZero()) return this;
        long ms = interval.toMillis();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        runAll();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        LOG.error("watchlist run failed", e);
                    }
                },
                ms,
                ms,
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** One run of every enabled watchlist; how many new hits it found. */
    public synchronized int runAll() throws InterruptedException {
        Instant upTo = clock.instant();
        searchable.now();
        int found = 0;
        WatchlistStream st = stream.orElse(null);
        long missed = st == null ? -1 : st.missed();
        boolean streamWhole = st != null && missed == missedAtLastRun;
        for (Watchlist w : store.all()) {
            if (!w.enabled()) continue;
            long t0 = System.nanoTime();
            try {
                if (streamWhole && coveredByStream(st, w)) {
                    hits.searchedUpTo(w.id(), upTo);
                    continue;
                }
                found += run(w, upTo);
            } catch (RuntimeException e) {
                // One broken watchlist (say, a query the index now refuses) must not stop the others.
                LOG.warn("watchlist {} ({}) could not run: {}", w.id(), w.name(), e.getMessage());
            } finally {
                timings.ran(w.id(), System.nanoTime() - t0);
            }
        }
        missedAtLastRun = missed;
        FeedQueries fq = feedQueries.orElse(null);
        if (fq != null) found += runFeedQueries(fq, upTo);
        return found;
    }

    /**
     * Whether the stream matched every segment of the window against this watchlist (it ran the watchlist, as it now
     * reads, since before the window began) and its query needs no whole-process evaluation.
     */
    private static boolean coveredByStream(WatchlistStream st, Watchlist w) {
        if (w.indexType() != QueryIoc.IndexType.EVENTS) return false;
        Instant from = w.searchTimestamp().orElse(w.dateAdded());
        java.util.Optional<Instant> since = st.matchedSince(w);
        if (since.isEmpty() || from.isBefore(since.get())) return false;
        io.lampblack.server.search.query.QueryNode q = st.streamedQuery(w.searchQuery());
        return q != null && ProcessSearch.perSegmentSuffices(q);
    }

    private int runFeedQueries(FeedQueries fq, Instant upTo) {
        int found = 0;
        for (IocIndex index : fq.feeds().loaded()) {
            if (index.queries().isEmpty()) continue;
            java.util.Optional<Feed> feed = fq.stored().apply(index.feedId());
            if (feed.isEmpty() || !feed.get().enabled()) continue;
            for (IocIndex.Query q : index.queries()) {
                if (fq.ignored().ignored(index.feedId(), q.reportId())) continue;
                String key = FeedStore.reportKey(index.feedId(), q.reportId());
                Instant from = queryWindows.getOrDefault(key, started);
                try {
                    String query = q.query().searchQuery();
                    List<ObjectNode> matches = q.query().indexType() == QueryIoc.IndexType.EVENTS
                            ? processes(query, from)
                            : binaries(query, from);
                    found += fq.hits().report(feed.get(), q, matches);
                    queryWindows.put(key, upTo);
                } catch (RuntimeException e) {
                    LOG.warn(
                            "feed {} report {}: its query could not run: {}",
                            index.feedId(),
                            q.reportId(),
                            e.getMessage());
                }
            }
        }
        return found;
    }

    private int run(Watchlist w, Instant upTo) {
        Instant from = w.searchTimestamp().orElse(w.dateAdded());
        List<ObjectNode> matches = w.indexType() == QueryIoc.IndexType.EVENTS
                ? processes(w.searchQuery(), from)
                : binaries(w.searchQuery(), from);
        int found = hits.report(w, matches);
        hits.searchedUpTo(w.id(), upTo);
        return found;
    }

    /** Processes (one row per GUID) matching the watchlist and updated since {@code from}. */
    private List<ObjectNode> processes(String searchQuery, Instant from) {
        Map<String, List<String>> params = RequestParameters.form(searchQuery);
        params.put("cb.group", List.of("id"));
        params.put("cb.min_last_server_update", List.of(Long.toString(from.toEpochMilli())));
        params.put("rows", List.of(Integer.toString(PAGE)));
        params.remove("sort");
        List<ObjectNode> out = new ArrayList<>();
        for (int start = 0; out.size() < MAX_PER_RUN; start += PAGE) {
            params.put("start", List.of(Integer.toString(start)));
            List<ProcessHit> page = processes.search(params).results().hits();
            for (ProcessHit h : page) out.add(parse(h.json()));
            if (page.size() < PAGE) break;
        }
        return out;
    }

    /** Binaries matching the watchlist and first seen since {@code from}. */
    private List<ObjectNode> binaries(String searchQuery, Instant from) {
        Map<String, List<String>> params = RequestParameters.form(searchQuery);
        params.computeIfAbsent("cb.q.server_added_timestamp", k -> new ArrayList<>())
                .add("[" + from + " TO *]");
        params.put("rows", List.of(Integer.toString(PAGE)));
        params.remove("sort");
        List<ObjectNode> out = new ArrayList<>();
        for (int start = 0; out.size() < MAX_PER_RUN; start += PAGE) {
            params.put("start", List.of(Integer.toString(start)));
            List<BinaryRecord> page = binaries.search(params).results();
            for (BinaryRecord r : page) out.add(BinaryJson.document(r));
            if (page.size() < PAGE) break;
        }
        return out;
    }

    private static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
