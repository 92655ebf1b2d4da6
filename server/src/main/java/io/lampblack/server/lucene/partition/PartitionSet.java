package io.lampblack.server.lucene.partition;

import io.lampblack.server.search.PartitionException;
import io.lampblack.server.search.PartitionFilter;
import io.lampblack.server.search.PartitionInfo;
import io.lampblack.server.search.PartitionPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions of the process index under one root directory: the hot partition, the rolled ones, and the
 * catalogue that says which is which. It rolls, mounts, unmounts, deletes, applies retention, lists, and leases
 * the readers of the partitions a search needs.
 *
 * <p>State is an immutable {@link View} swapped on every change; changes are serialised, and each is made durable
 * by one atomic catalogue write (see {@link PartitionCatalogue}). Searches read the current view without locking
 * and hold reader references, so a change never closes a reader a search is using.
 *
 * <p>Exactly-once indexing across a roll: adds and commits to the hot partition run under the read side of a lock
 * whose write side the roll takes, so the roll's commit covers every document added before it and none after it.
 * The new hot partition's first commit carries the same journal position and newest receipt time.
 */
public final class PartitionSet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionSet.class);

    /** Work on the hot partition's writer. */
    @FunctionalInterface
    public interface WriterWork<T> {
        T apply(IndexWriter writer) throws IOException;
    }

    /** What searches and changes see: the hot partition and the rolled ones, oldest first. */
    private record View(PartitionEntry hotEntry, HotPartition hot, List<WarmPartition> rolled) {

        View {
            rolled = rolled.stream()
                    .sorted(Comparator.comparingLong(w -> w.entry.partitionId()))
                    .toList();
        }

        List<PartitionEntry> entries() {
            List<PartitionEntry> all = new ArrayList<>();
            all.add(hotEntry);
            for (WarmPartition w : rolled) all.add(w.entry);
            return all;
        }

        View replacing(WarmPartition old, WarmPartition now) {
            List<WarmPartition> list = new ArrayList<>(rolled);
            list.set(list.indexOf(old), now);
            return new View(hotEntry, hot, list);
        }

        View without(WarmPartition old) {
            List<WarmPartition> list = new ArrayList<>(rolled);
            list.remove(old);
            return new View(hotEntry, hot, list);
        }
    }

    private final Path root;
    private final PartitionCatalogue catalogue;
    private final Supplier<IndexWriterConfig> config;
    private final Runnable beforePublish;
    private final PartitionPolicy policy;
    private final Clock clock;
    private final RollStep.Observer observer;
    private final ExecutorService searchThreads;
    private final ReadWriteLock writing = new ReentrantReadWriteLock();
    /** Serialises changes to the set (roll, mount, unmount, delete, retention). */
    private final Object changes = new Object();

    private volatile View view;
    private volatile boolean closed;
    private long nextPartitionId;

    private PartitionSet(
            Path root,
            Supplier<IndexWriterConfig> config,
            Runnable beforePublish,
            PartitionPolicy policy,
            Clock clock,
            RollStep.Observer observer) {
        this.root = root;
        this.catalogue = new PartitionCatalogue(root);
        this.config = config;
        this.beforePublish = beforePublish;
        this.policy = policy;
        this.clock = clock;
        this.observer = observer;
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.searchThreads = Executors.newFixedThreadPool(
                threads, Thread.ofPlatform().name("search-", 0).daemon(true).factory());
    }

    /**
     * Opens the partitions under {@code root}. Without a catalogue (a new data directory, or one from before
     * partitions) the directory {@code writer} is the hot partition, as it always was.
     *
     * @param config        a new writer configuration for each hot partition opened
     * @param beforePublish run after a new hot-partition reader is opened and before searches see it
     */
    public static PartitionSet open(
            Path root,
            Supplier<IndexWriterConfig> config,
            Runnable beforePublish,
            PartitionPolicy policy,
            Clock clock,
            RollStep.Observer observer) {
        PartitionSet set = new PartitionSet(root, config, beforePublish, policy, clock, observer);
        try {
            set.load();
            return set;
        } catch (IOException e) {
            set.searchThreads.shutdownNow();
            throw new UncheckedIOException("cannot open the index partitions in " + root, e);
        } catch (RuntimeException e) {
            set.searchThreads.shutdownNow();
            throw e;
        }
    }

    private void load() throws IOException {
        Files.createDirectories(root);
        Optional<PartitionCatalogue.Contents> saved = catalogue.read();
        PartitionCatalogue.Contents contents;
        HotPartition hot;
        if (saved.isEmpty()) {
            try (Stream<Path> dirs = Files.list(root)) {
                Optional<Path> stray = dirs.filter(p -> PartitionNames.isPartitionDirectory(
                                        p.getFileName().toString())
                                && !p.getFileName().toString().equals(PartitionNames.FIRST_DIRECTORY))
                        .findFirst();
                if (stray.isPresent()) {
                    throw new IllegalStateException(catalogue.file() + " is missing but partition directories such as "
                            + stray.get() + " exist; restore the catalogue (which partition is hot cannot be guessed)");
                }
            }
            hot = HotPartition.open(
                    root.resolve(PartitionNames.FIRST_DIRECTORY), config, beforePublish, clock.millis());
            contents = new PartitionCatalogue.Contents(
                    1, List.of(PartitionEntry.hot(PartitionNames.FIRST_DIRECTORY, 0, hot.createdMillis())));
            try {
                catalogue.write(contents);
            } catch (RuntimeException e) {
                hot.close();
                throw e;
            }
        } else {
            contents = saved.get();
            List<PartitionEntry> hots =
                    contents.entries().stream().filter(PartitionEntry::isHot).toList();
            if (hots.size() != 1) {
                throw new IllegalStateException(
                        catalogue.file() + " names " + hots.size() + " hot partitions instead of one");
            }
            removeOrphans(contents);
            hot = HotPartition.open(root.resolve(hots.getFirst().directory()), config, beforePublish, clock.millis());
        }
        List<WarmPartition> rolled = new ArrayList<>();
        try {
            for (PartitionEntry e : contents.entries()) {
                if (e.isHot()) continue;
                Path path = root.resolve(e.directory());
                try {
                    rolled.add(
                            e.status() == PartitionStatus.WARM
                                    ? WarmPartition.mounted(e, path)
                                    : WarmPartition.cold(e, path));
                } catch (IOException failed) {
                    throw new IOException(
                            "cannot open partition " + e.name() + " in " + path + " (delete it from "
                                    + PartitionCatalogue.FILE + " or mark it cold to start without it)",
                            failed);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (WarmPartition w : rolled) w.retire(false);
            hot.close();
            throw e;
        }
        PartitionEntry hotEntry = contents.entries().stream()
                .filter(PartitionEntry::isHot)
                .findFirst()
                .orElseThrow();
        this.nextPartitionId = contents.nextPartitionId();
        this.view = new View(hotEntry, hot, rolled);
    }

    /**
     * Removes partition directories the catalogue does not name: left by a roll interrupted before its catalogue
     * write, or by a delete interrupted after it.
     */
    private void removeOrphans(PartitionCatalogue.Contents contents) throws IOException {
        Set<String> named = new HashSet<>();
        for (PartitionEntry e : contents.entries()) named.add(e.directory());
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path p : dirs.toList()) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && PartitionNames.isPartitionDirectory(name) && !named.contains(name)) {
                    LOG.info(
                            "removing {}: no partition in {} uses it (an interrupted roll or delete)",
                            p,
                            PartitionCatalogue.FILE);
                    PartitionFiles.deleteTree(p);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ writing

    /** Whether the hot partition can take documents: its writer is open and has not failed (a full disk, say). */
    public boolean writable() {
        org.apache.lucene.index.IndexWriter w = view.hot.writer();
        return w.isOpen() && w.getTragicException() == null;
    }

    /** Runs {@code work} on the hot partition's writer; a roll waits until it is done. */
    public <T> T writing(WriterWork<T> work) throws IOException {
        writing.readLock().lock();
        try {
            return work.apply(view.hot.writer());
        } finally {
            writing.readLock().unlock();
        }
    }

    /** Commits the hot partition with the journal position it covers and the newest receipt time indexed. */
    public void commit(long journalPosition, long maxServerTime) throws IOException {
        writing.readLock().lock();
        try {
            view.hot.commit(journalPosition, maxServerTime);
        } finally {
            writing.readLock().unlock();
        }
    }

    /** The journal position of the hot partition's last commit. */
    public long committedPosition() {
        return view.hot.committedPosition();
    }

    /** The newest receipt time committed in any partition. */
    public long committedMaxServerTime() {
        View v = view;
        long max = v.hot.committedMaxServerTime();
        for (WarmPartition w : v.rolled)
            if (!w.entry.times().isEmpty()) max = Math.max(max, w.entry.times().maxServerMillis());
        return max;
    }

    /** Makes what was added to the hot partition searchable ({@code blocking}: now, else if no refresh is running). */
    public void refresh(boolean blocking) throws IOException {
        while (true) {
            View v = view;
            try {
                v.hot.refresh(blocking);
                return;
            } catch (AlreadyClosedException e) {
                if (view == v || closed) throw e;
                // rolled meanwhile: refresh the new hot partition
            }
        }
    }

    public boolean rollDue() {
        return policy.rollDue(view.hotEntry.startMillis(), clock.millis());
    }

    /**
     * Commits the hot partition at {@code journalPosition} and rolls it: it becomes a warm partition named after
     * the roll time and an empty hot partition takes its place. An empty hot partition rolls only when
     * {@code evenIfEmpty} (a request); otherwise its period restarts, so that the first data after a quiet spell is
     * not rolled within minutes into a partition of its own.
     *
     * <p>Crash safety: the hot partition's commit, then the new directory with its first commit, are durable before
     * the catalogue names them; the catalogue write is the roll. Before it, a restart finds the old hot partition
     * with everything committed (the new directory is removed as an orphan); after it, the new hot partition
     * claims the same journal position, and the warm one holds only what came before that position.
     *
     * @return the entry of the partition rolled, if one was
     */
    public Optional<PartitionEntry> roll(long journalPosition, long maxServerTime, boolean evenIfEmpty)
            throws IOException {
        synchronized (changes) {
            writing.writeLock().lock();
            try {
                View v = view;
                v.hot.commit(journalPosition, maxServerTime);
                observer.reached(RollStep.HOT_COMMITTED);
                long now = clock.millis();
                if (!evenIfEmpty && v.hot.isEmpty()) {
                    publish(new View(v.hotEntry.restartedAt(now), v.hot, v.rolled));
                    LOG.info(
                            "partition writer is empty: not rolled, its {}-day period restarts now", policy.rollDays());
                    return Optional.empty();
                }
                long id = nextPartitionId;
                String directory = PartitionNames.directoryFor(id);
                Path path = root.resolve(directory);
                HotPartition fresh = null;
                DirectoryReader warmReader = null;
                PartitionEntry warmEntry;
                boolean catalogueTried = false;
                try {
                    fresh = HotPartition.create(path, config, beforePublish, journalPosition, maxServerTime);
                    observer.reached(RollStep.NEW_HOT_CREATED);
                    warmReader = WarmPartition.openReader(v.hot.path);
                    Set<String> names = new HashSet<>();
                    for (PartitionEntry e : v.entries()) names.add(e.name());
                    warmEntry = v.hotEntry.rolled(
                            PartitionNames.warmName(now, names),
                            now,
                            DocumentTimes.of(warmReader),
                            DocCounts.of(warmReader));
                    List<WarmPartition> rolled = new ArrayList<>(v.rolled);
                    rolled.add(WarmPartition.withReader(warmEntry, v.hot.path, warmReader));
                    View next = new View(PartitionEntry.hot(directory, id, now), fresh, rolled);
                    catalogueTried = true;
                    catalogue.write(new PartitionCatalogue.Contents(id + 1, next.entries()));
                    nextPartitionId = id + 1;
                    view = next;
                } catch (IOException | RuntimeException e) {
                    // Not rolled: the old hot partition, committed and still open, goes on as before.
                    if (catalogueTried) restoreCatalogue(v, e);
                    if (warmReader != null) ReaderLease.release(List.of(warmReader));
                    if (fresh != null) closeQuietly(fresh);
                    PartitionFiles.deleteTree(path);
                    throw e;
                }
                observer.reached(RollStep.CATALOGUE_WRITTEN);
                closeQuietly(v.hot);
                LOG.info(
                        "partition writer rolled into {} ({} documents); the new hot partition is in {}",
                        warmEntry.name(),
                        warmEntry.counts().numDocs(),
                        path);
                return Optional.of(warmEntry);
            } finally {
                writing.writeLock().unlock();
            }
        }
    }

    /** After a failed catalogue write, makes sure the catalogue on disk does not name the new hot partition. */
    private void restoreCatalogue(View previous, Exception cause) {
        try {
            catalogue.write(new PartitionCatalogue.Contents(nextPartitionId, previous.entries()));
        } catch (RuntimeException again) {
            cause.addSuppressed(again);
        }
    }

    // ------------------------------------------------------------------------------------------ mount, delete

    public PartitionEntry mount(String name) {
        synchronized (changes) {
            View v = view;
            if (v.hotEntry.name().equals(name)) return v.hotEntry; // always mounted
            WarmPartition w = rolled(v, name);
            if (w.isMounted()) {
                if (w.entry.userMounted()) return w.entry;
                WarmPartition marked = w.withEntry(w.entry.withStatus(PartitionStatus.WARM, true));
                publish(v.replacing(w, marked));
                return marked.entry;
            }
            WarmPartition mounted;
            try {
                mounted = WarmPartition.mounted(w.entry.withStatus(PartitionStatus.WARM, true), w.path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open partition " + name + " in " + w.path, e);
            }
            try {
                publish(v.replacing(w, mounted));
            } catch (RuntimeException e) {
                mounted.retire(false);
                throw e;
            }
            LOG.info("partition {} mounted", name);
            return mounted.entry;
        }
    }

    public PartitionEntry unmount(String name) {
        synchronized (changes) {
            View v = view;
            refuseHot(v, name, "unmounted");
            WarmPartition w = rolled(v, name);
            if (!w.isMounted()) return w.entry;
            WarmPartition cold = WarmPartition.cold(w.entry.withStatus(PartitionStatus.COLD, false), w.path);
            publish(v.replacing(w, cold));
            w.retire(false);
            LOG.info("partition {} unmounted", name);
            return cold.entry;
        }
    }

    public void delete(String name) {
        delete(name, "on request");
    }

    private void delete(String name, String why) {
        synchronized (changes) {
            View v = view;
            refuseHot(v, name, "deleted");
            WarmPartition w = rolled(v, name);
            publish(v.without(w));
            // Files go after the catalogue forgets them (a crash in between leaves an orphan the next start removes)
            // and after the last search using them.
            w.retire(true);
            LOG.info(
                    "partition {} deleted {} ({} documents, {})",
                    name,
                    why,
                    w.entry.counts().numDocs(),
                    w.path);
        }
    }

    /** Deletes what the retention policy says must go, logging each partition and why. */
    public List<RetentionPlanner.Deletion> applyRetention() {
        synchronized (changes) {
            View v = view;
            List<RetentionPlanner.Sized> sized = new ArrayList<>();
            sized.add(new RetentionPlanner.Sized(v.hotEntry, PartitionFiles.sizeOf(v.hot.path)));
            for (WarmPartition w : v.rolled)
                sized.add(new RetentionPlanner.Sized(w.entry, PartitionFiles.sizeOf(w.path)));
            List<RetentionPlanner.Deletion> plan = RetentionPlanner.plan(policy, sized, clock.millis());
            for (RetentionPlanner.Deletion d : plan) delete(d.name(), "by retention: " + d.reason());
            return plan;
        }
    }

    private static void refuseHot(View v, String name, String what) {
        if (v.hotEntry.name().equals(name)) {
            throw new PartitionException(
                    PartitionException.Refusal.HOT,
                    "the hot partition '" + name + "' receives new data and cannot be " + what + "; roll it first");
        }
    }

    private static WarmPartition rolled(View v, String name) {
        for (WarmPartition w : v.rolled) if (w.entry.name().equals(name)) return w;
        throw new PartitionException(PartitionException.Refusal.UNKNOWN, "no partition named '" + name + "'");
    }

    /** Makes a new view durable (the catalogue) and then visible. */
    private void publish(View next) {
        catalogue.write(new PartitionCatalogue.Contents(nextPartitionId, next.entries()));
        view = next;
    }

    // ------------------------------------------------------------------------------------------ reading

    /**
     * Leases the readers of every mounted partition whose documents' times may match {@code filter}: the hot
     * partition's current near-real-time reader and the warm partitions' readers. Close the lease when done.
     */
    public ReaderLease lease(PartitionFilter filter) {
        while (true) {
            if (closed) throw new AlreadyClosedException("the index is closed");
            View v = view;
            List<DirectoryReader> leased = new ArrayList<>();
            boolean changed = false;
            try {
                for (WarmPartition w : v.rolled) {
                    if (!w.isMounted() || !w.entry.times().mayMatch(filter)) continue;
                    DirectoryReader r = w.tryAcquire();
                    if (r == null) {
                        changed = true; // retired since we read the view: a newer view exists
                        break;
                    }
                    leased.add(r);
                }
                if (!changed) {
                    DirectoryReader hot = v.hot.acquire();
                    if (filter.equals(PartitionFilter.ALL)
                            || DocumentTimes.of(hot).mayMatch(filter)) leased.add(hot);
                    else hot.decRef();
                }
            } catch (AlreadyClosedException e) {
                if (closed) throw e;
                changed = true; // the hot partition was rolled meanwhile
            } catch (IOException e) {
                ReaderLease.release(leased);
                throw new UncheckedIOException(e);
            }
            if (!changed) return new ReaderLease(leased, searchThreads);
            ReaderLease.release(leased);
        }
    }

    /** The listing: the hot partition first, then the rolled ones newest first. */
    public List<PartitionInfo> list() {
        while (true) {
            View v = view;
            DocCounts hotCounts;
            try {
                DirectoryReader r = v.hot.acquire();
                try {
                    hotCounts = DocCounts.of(r);
                } finally {
                    r.decRef();
                }
            } catch (AlreadyClosedException e) {
                if (closed) throw e;
                continue; // rolled meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<PartitionInfo> out = new ArrayList<>();
            out.add(info(v.hotEntry, hotCounts, v.hot.path));
            for (WarmPartition w : v.rolled.reversed()) out.add(info(w.entry, w.entry.counts(), w.path));
            return out;
        }
    }

    public Optional<PartitionInfo> find(String name) {
        return list().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private static PartitionInfo info(PartitionEntry e, DocCounts c, Path path) {
        return new PartitionInfo(
                e.name(),
                e.status().word(),
                e.partitionId(),
                e.startMillis(),
                e.endMillis().isPresent() ? Optional.of(e.endMillis().getAsLong()) : Optional.empty(),
                PartitionFiles.sizeOf(path),
                c.numDocs(),
                c.maxDoc(),
                c.deletedDocs(),
                c.segmentCount(),
                path.toAbsolutePath().toString(),
                e.userMounted());
    }

    /** Closes the hot partition's writer without committing and lets go of every reader. */
    @Override
    public void close() {
        synchronized (changes) {
            writing.writeLock().lock();
            try {
                if (closed) return;
                closed = true;
                View v = view;
                closeQuietly(v.hot);
                for (WarmPartition w : v.rolled) w.retire(false);
            } finally {
                writing.writeLock().unlock();
                searchThreads.shutdown();
            }
        }
    }

    private static void closeQuietly(HotPartition p) {
        try {
            p.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing the partition in {}: {}", p.path, e.toString());
        }
    }
}
