package io.lampblack.server.intel;

import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.bus.NotificationCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings feeds in: fetches a feed's document, validates it while it streams, keeps a copy in {@code DATA/feeds} (so
 * that matching resumes at start-up without the feed server), and swaps the feed's new {@link IocIndex} into the
 * {@link IngressMatcher}. A failed synchronisation changes nothing but the feed's {@code last_sync_error}. Each
 * successful one is announced as {@code feed.synchronized}. Enabled feeds are synchronised again on a schedule
 * ({@link #every}).
 */
public final class FeedSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedSync.class);

    /** A fetched, valid document not yet attached to a feed: its summary, its index, and its copy on disk. */
    public record Fetched(FeedParser.Summary summary, IocIndex.Builder index, Path copy) {}

    private final FeedStore feeds;
    private final FeedFetcher fetcher;
    private final IngressMatcher matcher;
    private final ThreatReports reports;
    private final Path dir;
    private final BusPublisher bus;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("feed-sync").daemon(true).factory());

    public FeedSync(
            FeedStore feeds,
            FeedFetcher fetcher,
            IngressMatcher matcher,
            ThreatReports reports,
            Path dir,
            BusPublisher bus,
            Clock clock) {
        this.feeds = feeds;
        this.fetcher = fetcher;
        this.matcher = matcher;
        this.reports = reports;
        this.dir = dir;
        this.bus = bus;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    public IngressMatcher matcher() {
        return matcher;
    }

    /** Fetches and validates a document into a temporary copy (deleted on failure). */
    public Fetched fetch(FeedSource source) throws FeedFetchException, InvalidFeedException {
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "fetch-", ".json.tmp");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IocIndex.Builder index = IocIndex.builder(1024);
        boolean ok = false;
        try (OutputStream out = Files.newOutputStream(tmp)) {
            FeedParser.Summary summary = fetcher.fetch(source, index, out);
            ok = true;
            return new Fetched(summary, index, tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        } finally {
            if (!ok) deleteQuietly(tmp);
        }
    }

    /**
     * Attaches a fetched document to its stored feed: the copy becomes the feed's, the index is loaded when the feed
     * is enabled, and the feed's counts and {@code last_sync} are updated.
     */
    public Feed attach(Feed feed, Fetched fetched) throws FeedStore.DuplicateFeedException {
        Instant started = clock.instant();
        try {
            Files.move(
                    fetched.copy(),
                    copyOf(feed.id()),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the copy of feed " + feed.id(), e);
        }
        IocIndex index = fetched.index().build(feed.id());
        // In microseconds, as the database keeps it: the feed answered now and the feed read back later agree.
        Feed synced = feed.synced(
                fetched.summary().info(),
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                fetched.summary().reports(),
                fetched.summary().iocs());
        feeds.update(synced);
        reports.replace(synced, copyOf(feed.id()));
        if (synced.enabled()) matcher.put(index);
        else matcher.remove(feed.id());
        // Query indicators are scanned over stored data after a sync; without any there is no scan (null).
        bus.publish(NotificationCatalog.feedSynchronized(
                feed.id(),
                synced.info().name(),
                clock.instant(),
                index.queries().isEmpty() ? Optional.empty() : Optional.of(started),
                clock.instant()));
        return synced;
    }

    /** Drops a fetched document that will not be attached (its feed could not be stored). */
    public void discard(Fetched fetched) {
        deleteQuietly(fetched.copy());
    }

    /** Synchronises one feed now; on failure records the error on the feed and rethrows. */
    public Feed synchronize(Feed feed) throws FeedFetchException, InvalidFeedException {
        FeedSource source =
                new FeedSource(URI.create(feed.feedUrl()), feed.validateServerCert(), feed.username(), feed.password());
        try {
            return attach(feed, fetch(source));
        } catch (FeedFetchException | InvalidFeedException e) {
            recordError(feed, e.getMessage());
            throw e;
        } catch (FeedStore.DuplicateFeedException e) {
            recordError(feed, e.getMessage());
            throw new InvalidFeedException(e.getMessage());
        }
    }

    /** Synchronises every enabled feed every {@code interval} (zero: never), first after one interval. */
    public FeedSync every(Duration interval) {
        if (interval.isZero()) return this;
        long ms = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::synchronizeAll, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    private void synchronizeAll() {
        for (Feed f : feeds.all()) {
            if (!f.enabled()) continue;
            try {
                synchronize(f);
            } catch (FeedFetchException | InvalidFeedException | RuntimeException e) {
                LOG.warn(
                        "feed {} ({}) did not synchronise: {}", f.id(), f.info().name(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /**
     * Loads every enabled feed's kept copy into the matcher (at start-up), and rebuilds the reports of a feed whose
     * count in the report index is not the feed's (an index lost or older than the copy).
     */
    public void loadAll() {
        for (Feed f : feeds.all()) {
            try {
                if (reports.count(f.id()) != f.reportCount() && Files.exists(copyOf(f.id()))) {
                    reports.replace(f, copyOf(f.id()));
                }
                if (f.enabled()) load(f.id()).ifPresent(matcher::put);
            } catch (RuntimeException e) {
                LOG.error(
                        "feed {} ({}): its kept copy cannot be loaded; synchronise it again: {}",
                        f.id(),
                        f.info().name(),
                        e.toString());
            }
        }
    }

    /** Enables or disables matching of a stored feed's kept copy. */
    public void enabled(Feed feed) {
        if (feed.enabled()) load(feed.id()).ifPresent(matcher::put);
        else matcher.remove(feed.id());
    }

    public void forget(long feedId) {
        matcher.remove(feedId);
        reports.forget(feedId);
        deleteQuietly(copyOf(feedId));
    }

    private Optional<IocIndex> load(long feedId) {
        Path copy = copyOf(feedId);
        if (!Files.exists(copy)) return Optional.empty();
        IocIndex.Builder b = IocIndex.builder(1024);
        try (InputStream in = Files.newInputStream(copy)) {
            FeedParser.parse(in, b);
        } catch (IOException | InvalidFeedException e) {
            throw new IllegalStateException("kept copy " + copy + " unreadable: " + e.getMessage(), e);
        }
        return Optional.of(b.build(feedId));
    }

    private void recordError(Feed f, String error) {
        try {
            feeds.update(f.withSyncError(error));
        } catch (FeedStore.DuplicateFeedException e) {
            LOG.warn("feed {}: cannot record its sync error: {}", f.id(), e.getMessage());
        }
    }

    private Path copyOf(long feedId) {
        return dir.resolve(feedId + ".json");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", p, e.toString());
        }
    }
}
