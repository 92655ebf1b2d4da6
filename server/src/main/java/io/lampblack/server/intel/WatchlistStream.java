package io.lampblack.server.intel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.ingest.IndexedUpload;
import io.lampblack.server.ingest.IngestRoute;
import io.lampblack.server.json.Json;
import io.lampblack.server.process.ProcessSegment;
import io.lampblack.server.search.ProcessHit;
import io.lampblack.server.search.SegmentMatcher;
import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QueryParser;
import io.lampblack.server.search.query.RequestParameters;
import io.lampblack.server.search.query.SearchParameters;
import io.lampblack.server.search.schema.ProcessSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watchlists streamed, beyond Carbon Black: the segments of every indexed upload are matched against all enabled
 * process watchlists in batches gathered for {@value #LINGER_MS} ms ({@link SegmentMatcher}: in the index
 * itself, one segment at a time), so that a hit reaches the bus within about a second rather than at the next
 * periodic run. Best effort by design: when matching falls behind ingest, whole uploads are skipped (counted), and the
 * periodic {@link WatchlistRunner}, which applies comprehensive semantics to everything, reports what the stream
 * missed; {@link WatchlistHits} keeps either from reporting a process twice.
 */
public final class WatchlistStream implements IngestRoute.OnIndexed, IngestRoute.Queued, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchlistStream.class);
    /** How long a batch gathers segments once the first arrived: each batch refreshes the index once. */
    static final long LINGER_MS = 250;
    /** How often the enabled watchlists are read again from the store. */
    static final long RELOAD_MS = 1_000;

    private final WatchlistStore store;
    private final SegmentMatcher matcher;
    private final WatchlistHits hits;
    private final int capacity;
    /** Unique ids of indexed segments waiting to be matched, with their receipt times. */
    private final ArrayList<String> queue = new ArrayList<>();

    private long queuedSince = Long.MAX_VALUE;
    /** A batch matched this long after its first segment was received is logged (at most every 10 s). */
    private static final long SLOW_MS = 1_500;

    private long lastSlowLog;
    private final AtomicLong shed = new AtomicLong();
    /** Batches whose matching failed (their segments were not matched). */
    private final AtomicLong failedBatches = new AtomicLong();
    /** Since when each enabled watchlist (with the query it then had) has been matched against every indexed segment. */
    private final Map<Long, Loaded> loaded = new java.util.concurrent.ConcurrentHashMap<>();

    private record Loaded(String searchQuery, java.time.Instant since) {}

    private final Thread worker;
    private volatile boolean closing;
    private boolean busy;
    private long loadedAt;
    private volatile boolean stale = true;
    private Map<Long, Watchlist> watchlists = Map.of();
    private final Map<String, QueryNode> parsed = new HashMap<>();

    private final java.time.Clock clock;

    /**
     * @param capacity segments waiting to be matched before whole uploads are skipped (0: no streaming)
     * @param clock    the server's clock, the one watchlist windows are measured by
     */
    public WatchlistStream(
            WatchlistStore store, SegmentMatcher matcher, WatchlistHits hits, int capacity, java.time.Clock clock) {
        this.clock = clock;
        this.store = store;
        this.matcher = matcher;
        this.hits = hits;
        this.capacity = capacity;
        this.worker = Thread.ofPlatform().name("watchlist-stream").daemon(true).start(this::run);
    }

    @Override
    public String queueName() {
        return "watchlist-stream";
    }

    @Override
    public int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    @Override
    public void indexed(IndexedUpload upload) {
        List<ProcessSegment> segments = upload.segments();
        long serverTime = upload.serverTime();
        if (capacity == 0 || segments.isEmpty()) return;
        synchronized (queue) {
            if (queue.size() + segments.size() > capacity) {
                shed.addAndGet(segments.size());
                return;
            }
            for (ProcessSegment s : segments) queue.add(s.uniqueId());
            queuedSince = Math.min(queuedSince, serverTime);
            queue.notifyAll();
        }
    }

    /** Watchlists were added, changed or deleted: the next batch reads them again. */
    public void changed() {
        stale = true;
    }

    /** A count that grows whenever segments went unmatched (shed, or a failed batch): unchanged means none did. */
    public long missed() {
        return shed.get() + failedBatches.get();
    }

    /**
     * Since when every segment indexed has been matched against this watchlist as it now reads; empty when the stream
     * does not run it (not loaded yet, or its query cannot be streamed).
     */
    java.util.Optional<java.time.Instant> matchedSince(Watchlist w) {
        if (capacity == 0) return java.util.Optional.empty();
        Loaded l = loaded.get(w.id());
        if (l == null || !l.searchQuery().equals(w.searchQuery())) return java.util.Optional.empty();
        return java.util.Optional.of(l.since());
    }

    /** The query as the stream runs it, or null when it cannot be parsed. */
    QueryNode streamedQuery(String searchQuery) {
        try {
            return queryOf(searchQuery);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A stored query ({@code cb.urlver=1&q=...}) parsed; a parser per call, since callers are on different threads. */
    private static QueryNode queryOf(String searchQuery) {
        return SearchParameters.from(RequestParameters.form(searchQuery))
                .toQuery(new QueryParser(ProcessSchema.INSTANCE));
    }

    /** Segments skipped because matching fell behind (the periodic run covers them). */
    public long shed() {
        return shed.get();
    }

    /** Unique ids taken together, and the earliest receipt time among them. */
    private record Batch(List<String> uniqueIds, long since) {}

    private void run() {
        while (!closing) {
            Batch batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (!batch.uniqueIds().isEmpty()) match(batch);
            } catch (RuntimeException e) {
                failedBatches.incrementAndGet();
                LOG.warn(
                        "streamed watchlist matching of {} segments failed (the periodic run covers them): {}",
                        batch.uniqueIds().size(),
                        e.toString());
            } finally {
                synchronized (queue) {
                    busy = false;
                    queue.notifyAll();
                }
            }
        }
    }

    private Batch nextBatch() throws InterruptedException {
        synchronized (queue) {
            while (queue.isEmpty() && !closing) {
                queue.wait(RELOAD_MS);
                if (queue.isEmpty()) reloadIfDue();
            }
            long deadline = System.currentTimeMillis() + LINGER_MS;
            while (!closing) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) break;
                queue.wait(left);
            }
            // Everything waiting: matching costs per leaf and per query far more than per segment.
            Batch batch = new Batch(new ArrayList<>(queue), queuedSince);
            queue.clear();
            queuedSince = Long.MAX_VALUE;
            busy = true;
            return batch;
        }
    }

    private void reloadIfDue() {
        long now = System.currentTimeMillis();
        if (!stale && now - loadedAt < RELOAD_MS) return;
        stale = false;
        loadedAt = now;
        Map<Long, Watchlist> enabled = new LinkedHashMap<>();
        try {
            for (Watchlist w : store.all()) {
                if (w.enabled() && w.indexType() == QueryIoc.IndexType.EVENTS) enabled.put(w.id(), w);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot read watchlists: {}", e.toString());
            return;
        }
        watchlists = enabled;
        java.time.Instant at = clock.instant();
        loaded.keySet().retainAll(enabled.keySet());
        for (Watchlist w : enabled.values()) {
            Loaded l = loaded.get(w.id());
            if (l == null || !l.searchQuery().equals(w.searchQuery()))
                loaded.put(w.id(), new Loaded(w.searchQuery(), at));
        }
    }

    private void match(Batch batch) {
        reloadIfDue();
        if (watchlists.isEmpty()) return;
        Map<Long, QueryNode> queries = new LinkedHashMap<>();
        for (Watchlist w : watchlists.values()) {
            QueryNode q = parsed.computeIfAbsent(w.searchQuery(), this::parse);
            if (q != null) queries.put(w.id(), q);
        }
        if (parsed.size() > 4 * Math.max(16, watchlists.size())) parsed.clear();
        long t0 = System.currentTimeMillis();
        Map<Long, List<ProcessHit>> matched = matcher.match(batch.uniqueIds(), batch.since(), queries);
        long t1 = System.currentTimeMillis();
        for (Map.Entry<Long, List<ProcessHit>> e : matched.entrySet()) {
            List<ObjectNode> rows = new ArrayList<>(e.getValue().size());
            for (ProcessHit h : e.getValue()) rows.add(row(h));
            hits.report(watchlists.get(e.getKey()), rows);
        }
        long t2 = System.currentTimeMillis();
        if (t2 - batch.since() > SLOW_MS && t2 - lastSlowLog > 10_000) {
            lastSlowLog = t2;
            LOG.info(
                    "streamed watchlists behind: a batch of {} segments received {} ms before matching began; refresh"
                            + " and matching {} ms, reporting {} ms",
                    batch.uniqueIds().size(),
                    t0 - batch.since(),
                    t1 - t0,
                    t2 - t1);
        }
    }

    /** The watchlist's query, or null when it no longer parses (the API refuses such queries; keep going). */
    private QueryNode parse(String searchQuery) {
        try {
            return queryOf(searchQuery);
        } catch (RuntimeException e) {
            LOG.warn("watchlist query '{}' cannot be streamed: {}", searchQuery, e.getMessage());
            return null;
        }
    }

    private static ObjectNode row(ProcessHit h) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(h.json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until every segment handed over so far is matched and reported (tests). */
    public void drain() throws InterruptedException {
        synchronized (queue) {
            while (!queue.isEmpty() || busy) queue.wait(50);
        }
    }

    @Override
    public void close() {
        closing = true;
        synchronized (queue) {
            queue.notifyAll();
        }
        worker.interrupt();
    }
}
