package io.lampblack.server.lucene.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.search.PartitionException;
import io.lampblack.server.search.PartitionFilter;
import io.lampblack.server.search.PartitionInfo;
import io.lampblack.server.search.PartitionPolicy;
import io.lampblack.server.support.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roll, mount, unmount, delete, retention and the catalogue of the partition set, on a hand-driven clock. */
class PartitionSetTest {

    static final long DAY = PartitionPolicy.DAY_MILLIS;

    @TempDir
    Path root;

    final MutableClock clock = MutableClock.at("2024-03-05T07:08:09Z");
    final List<PartitionSet> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(PartitionSet::close);
    }

    PartitionSet open(PartitionPolicy policy) {
        PartitionSet s =
                PartitionSet.open(root, IndexWriterConfig::new, () -> {}, policy, clock, RollStep.Observer.NONE);
        opened.add(s);
        return s;
    }

    PartitionSet open() {
        return open(PartitionPolicy.DEFAULT);
    }

    /** A document like a segment's as far as partitions care: a unique id, a receipt time and a sensor time. */
    static Document doc(String uid, long serverMillis, long sensorMillis) {
        Document d = new Document();
        d.add(new StringField("_uid", uid, Field.Store.YES));
        d.add(new LongPoint("last_server_update", serverMillis));
        d.add(new LongPoint("last_update", sensorMillis));
        return d;
    }

    void add(PartitionSet s, String uid) throws IOException {
        long now = clock.millis();
        s.writing(w -> w.addDocument(doc(uid, now, now - 1000)));
    }

    static int count(PartitionSet s) {
        try (ReaderLease l = s.lease(PartitionFilter.ALL)) {
            return l.searcher().count(new MatchAllDocsQuery());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static PartitionInfo listed(PartitionSet s, String name) {
        return s.find(name).orElseThrow(() -> new AssertionError("no partition " + name + " in " + s.list()));
    }

    @Test
    void aNewIndexHasOneEmptyHotPartitionNamedWriter() {
        PartitionSet s = open();
        List<PartitionInfo> list = s.list();
        assertEquals(1, list.size());
        PartitionInfo w = list.getFirst();
        assertEquals("writer", w.name());
        assertEquals("hot", w.status());
        assertEquals(0, w.numDocs());
        assertEquals(clock.millis(), w.startMillis());
        assertTrue(w.endMillis().isEmpty());
        assertTrue(w.sizeInBytes() > 0, "the first empty commit is on disk");
        assertEquals(root.resolve("writer").toAbsolutePath().toString(), w.dir());
        assertTrue(Files.exists(root.resolve(PartitionCatalogue.FILE)));
    }

    @Test
    void rollTurnsTheWriterIntoAWarmPartitionNamedAfterTheServerClock() throws IOException {
        PartitionSet s = open();
        long started = clock.millis();
        for (int i = 0; i < 3; i++) add(s, "a" + i);
        clock.advance(Duration.ofHours(5));
        long newest = clock.millis();
        PartitionEntry rolled = s.roll(100, newest, false).orElseThrow();
        assertEquals("cbevents_2024_03_05_1208", rolled.name());

        PartitionInfo warm = listed(s, rolled.name());
        assertEquals("warm", warm.status());
        assertEquals(3, warm.numDocs());
        assertEquals(started, warm.startMillis());
        assertEquals(clock.millis(), warm.endMillis().orElseThrow());
        PartitionInfo hot = listed(s, "writer");
        assertEquals("hot", hot.status());
        assertEquals(0, hot.numDocs());
        assertEquals(clock.millis(), hot.startMillis(), "the new hot partition starts at the roll");
        assertEquals(100, s.committedPosition(), "the new writer's first commit claims the roll's journal position");
        assertEquals(newest, s.committedMaxServerTime(), "and the newest receipt time");
        assertEquals(3, count(s));

        add(s, "b0");
        add(s, "b1");
        s.refresh(true);
        assertEquals(5, count(s), "one search sees the warm partition and the writer");

        PartitionEntry second = s.roll(200, newest, false).orElseThrow();
        assertEquals("cbevents_2024_03_05_1208_1", second.name(), "a second roll in the same minute gets a suffix");
        assertEquals(
                List.of("writer", "cbevents_2024_03_05_1208_1", "cbevents_2024_03_05_1208"),
                s.list().stream().map(PartitionInfo::name).toList(),
                "hot first, then newest first");
    }

    @Test
    void anEmptyWriterDoesNotRollOnTheTimerAndItsPeriodRestarts() throws IOException {
        PartitionSet s = open(new PartitionPolicy(3, 0, 0));
        assertFalse(s.rollDue());
        clock.advance(Duration.ofDays(3));
        assertTrue(s.rollDue());
        assertTrue(s.roll(0, 0, false).isEmpty());
        assertEquals(1, s.list().size());
        assertEquals(clock.millis(), listed(s, "writer").startMillis());
        assertFalse(s.rollDue(), "the period restarted");

        add(s, "x");
        clock.advance(Duration.ofDays(2));
        assertFalse(s.rollDue());
        clock.advance(Duration.ofDays(1));
        assertTrue(s.rollDue());
        assertTrue(s.roll(10, 0, false).isPresent());
        assertEquals(2, s.list().size());

        assertTrue(s.roll(20, 0, true).isPresent(), "a request rolls even an empty writer");
        assertEquals(3, s.list().size());
    }

    @Test
    void anUnmountedPartitionIsColdUnsearchedAndHasNoOpenFilesUntilMountedAgain() throws IOException {
        PartitionSet s = open();
        add(s, "old");
        String name = s.roll(1, 0, false).orElseThrow().name();
        add(s, "new");
        s.refresh(true);
        Path dir = Path.of(listed(s, name).dir());
        assertEquals(2, count(s));
        assertTrue(openFilesUnder(dir) > 0);

        PartitionInfo cold = listedAfter(s.unmount(name), s);
        assertEquals("cold", cold.status());
        assertFalse(cold.userMounted());
        assertEquals(1, cold.numDocs(), "a cold partition is still listed with its counts");
        assertEquals(1, count(s));
        assertEquals(0, openFilesUnder(dir), "nothing of a cold partition is open");
        assertTrue(Files.isDirectory(dir), "a cold partition stays on disk");

        PartitionInfo warm = listedAfter(s.mount(name), s);
        assertEquals("warm", warm.status());
        assertTrue(warm.userMounted());
        assertEquals(2, count(s));
    }

    private static PartitionInfo listedAfter(PartitionEntry e, PartitionSet s) {
        return listed(s, e.name());
    }

    @Test
    void aSearchThatStartedKeepsItsPartitionUntilItEndsThenTheFilesGo() throws IOException {
        PartitionSet s = open();
        add(s, "a");
        add(s, "b");
        String name = s.roll(1, 0, false).orElseThrow().name();
        Path dir = Path.of(listed(s, name).dir());
        try (ReaderLease lease = s.lease(PartitionFilter.ALL)) {
            s.delete(name);
            assertTrue(s.find(name).isEmpty(), "deleted at once for everyone else");
            assertEquals(0, count(s));
            assertEquals(2, lease.searcher().count(new MatchAllDocsQuery()), "the running search still reads it");
            assertEquals("a", lease.searcher().storedFields().document(0).get("_uid"));
            assertTrue(Files.isDirectory(dir), "files stay while a search reads them");
        }
        assertFalse(Files.exists(dir), "the files go with the last search");
    }

    @Test
    void aSearchThatStartedKeepsTheWriterReaderThroughARoll() throws IOException {
        PartitionSet s = open();
        add(s, "a");
        s.refresh(true);
        try (ReaderLease lease = s.lease(PartitionFilter.ALL)) {
            s.roll(5, 0, false).orElseThrow();
            add(s, "b");
            assertEquals(1, lease.searcher().count(new TermQuery(new Term("_uid", "a"))));
        }
        s.refresh(true);
        assertEquals(2, count(s));
    }

    @Test
    void deletingAColdPartitionRemovesItsDirectoryAtOnce() throws IOException {
        PartitionSet s = open();
        add(s, "a");
        String name = s.roll(1, 0, false).orElseThrow().name();
        Path dir = Path.of(listed(s, name).dir());
        s.unmount(name);
        s.delete(name);
        assertFalse(Files.exists(dir));
        assertEquals(
                List.of("writer"), s.list().stream().map(PartitionInfo::name).toList());
    }

    @Test
    void theWriterCannotBeUnmountedOrDeletedAndUnknownNamesAreRefused() {
        PartitionSet s = open();
        assertEquals(
                PartitionException.Refusal.HOT,
                assertThrows(PartitionException.class, () -> s.unmount("writer"))
                        .refusal());
        assertEquals(
                PartitionException.Refusal.HOT,
                assertThrows(PartitionException.class, () -> s.delete("writer")).refusal());
        assertEquals("writer", s.mount("writer").name(), "the writer is always mounted");
        assertEquals(
                PartitionException.Refusal.UNKNOWN,
                assertThrows(PartitionException.class, () -> s.delete("nope")).refusal());
        assertEquals(
                PartitionException.Refusal.UNKNOWN,
                assertThrows(PartitionException.class, () -> s.mount("nope")).refusal());
    }

    @Test
    void statePersistsAcrossReopen() throws IOException {
        PartitionSet s = open();
        add(s, "a");
        String first = s.roll(10, clock.millis(), false).orElseThrow().name();
        clock.advance(Duration.ofDays(1));
        add(s, "b");
        String second = s.roll(20, clock.millis(), false).orElseThrow().name();
        add(s, "c");
        long newest = clock.millis() + 1;
        s.commit(30, newest);
        s.unmount(first);
        s.mount(second);
        s.refresh(true);
        List<PartitionInfo> before = s.list();
        s.close();
        opened.remove(s);

        PartitionSet again = open();
        List<PartitionInfo> after = again.list();
        assertEquals(before, after);
        assertEquals("cold", listed(again, first).status());
        assertTrue(listed(again, second).userMounted());
        assertEquals(30, again.committedPosition());
        assertEquals(newest, again.committedMaxServerTime());
        assertEquals(2, count(again), "the cold partition stays out of searches after a restart");
        add(again, "d");
        String third = again.roll(40, newest, false).orElseThrow().name();
        assertTrue(listed(again, third).partitionId() > listed(again, second).partitionId(), "ids are never reused");
    }

    @Test
    void aDataDirectoryFromBeforePartitionsOpensUnchanged() throws IOException {
        Path writer = root.resolve("writer");
        try (var dir = FSDirectory.open(writer);
                IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
            w.addDocument(doc("a", 5000, 4000));
            w.addDocument(doc("b", 6000, 4000));
            w.setLiveCommitData(Map.of(
                            HotPartition.JOURNAL_POSITION,
                            "4242",
                            HotPartition.MAX_SERVER_TIME,
                            "6000",
                            HotPartition.CREATED,
                            "1700000000000")
                    .entrySet());
            w.commit();
        }
        PartitionSet s = open();
        PartitionInfo hot = listed(s, "writer");
        assertEquals(1, s.list().size());
        assertEquals(2, hot.numDocs());
        assertEquals(1700000000000L, hot.startMillis(), "the creation time it recorded");
        assertEquals(4242, s.committedPosition());
        assertEquals(6000, s.committedMaxServerTime());
        assertEquals(writer.toAbsolutePath().toString(), hot.dir());
        assertTrue(Files.exists(root.resolve(PartitionCatalogue.FILE)));
    }

    @Test
    void directoriesTheCatalogueDoesNotNameAreRemovedAtStart() throws IOException {
        PartitionSet s = open();
        add(s, "a");
        s.roll(1, 0, false).orElseThrow();
        s.close();
        opened.remove(s);
        Path stray = root.resolve(PartitionNames.directoryFor(99));
        Files.createDirectories(stray);
        Files.writeString(stray.resolve("_0.cfs"), "left by an interrupted roll");
        Path vocabulary = root.resolve("writer.paths");
        Files.createDirectories(vocabulary);
        open();
        assertFalse(Files.exists(stray));
        assertTrue(Files.exists(vocabulary), "only partition directories are touched");
    }

    @Test
    void aMissingCatalogueWithRolledPartitionsOnDiskRefusesToGuess() throws IOException {
        PartitionSet s = open();
        add(s, "a");
        s.roll(1, 0, false).orElseThrow();
        s.close();
        opened.remove(s);
        Files.delete(root.resolve(PartitionCatalogue.FILE));
        IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
        assertTrue(e.getMessage().contains(PartitionCatalogue.FILE), e.getMessage());
    }

    @Test
    void aWindowedSearchSkipsPartitionsWhoseTimesCannotMatch() throws IOException {
        PartitionSet s = open();
        s.writing(w -> w.addDocument(doc("jan", 1_000 * DAY, 50 * DAY)));
        s.roll(1, 0, false).orElseThrow();
        s.writing(w -> w.addDocument(doc("feb", 1_030 * DAY, 51 * DAY)));
        s.roll(2, 0, false).orElseThrow();
        s.writing(w -> w.addDocument(doc("mar", 1_060 * DAY, 52 * DAY)));
        s.refresh(true);

        assertEquals(3, partitions(s, PartitionFilter.ALL));
        assertEquals(1, partitions(s, new PartitionFilter(1_025 * DAY, 1_035 * DAY, Long.MIN_VALUE, Long.MAX_VALUE)));
        assertEquals(
                2,
                partitions(s, new PartitionFilter(1_025 * DAY, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE)),
                "the writer is skipped like any other partition");
        assertEquals(
                1,
                partitions(s, new PartitionFilter(Long.MIN_VALUE, Long.MAX_VALUE, 50 * DAY, 50 * DAY)),
                "sensor time (last_update) ranges skip partitions too");
        PartitionFilter future = new PartitionFilter(2_000 * DAY, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(0, partitions(s, future));
        try (ReaderLease none = s.lease(future)) {
            assertEquals(0, none.searcher().count(new MatchAllDocsQuery()), "a search over no partition finds nothing");
            assertEquals(0, none.searcher().search(new MatchAllDocsQuery(), 10).scoreDocs.length);
        }
    }

    private static int partitions(PartitionSet s, PartitionFilter f) {
        try (ReaderLease l = s.lease(f)) {
            return l.partitionCount();
        }
    }

    @Test
    void searchSlicesNeverSpanTwoPartitions() throws IOException {
        PartitionSet s = open();
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < 3; i++) {
                add(s, p + "-" + i);
                s.refresh(true); // one Lucene segment per document
            }
            s.roll(p + 1, 0, false).orElseThrow();
        }
        try (ReaderLease l = s.lease(PartitionFilter.ALL)) {
            IndexSearcher searcher = l.searcher();
            var slices = searcher.getSlices();
            assertEquals(3, slices.length, "one slice per small partition (the empty writer has none)");
            for (var slice : slices) {
                var uids = new java.util.HashSet<String>();
                for (var part : slice.partitions) {
                    var stored = part.ctx.reader().storedFields();
                    for (int d = 0; d < part.ctx.reader().maxDoc(); d++)
                        uids.add(stored.document(d).get("_uid").substring(0, 1));
                }
                assertEquals(1, uids.size(), "slice " + uids);
            }
            assertEquals(9, searcher.count(new MatchAllDocsQuery()));
        }
    }

    @Test
    void retentionDeletesRolledPartitionsOlderThanTheAgeButNeverTheWriter() throws IOException {
        PartitionSet s = open(new PartitionPolicy(3, 10, 0));
        add(s, "a");
        String old = s.roll(1, 0, false).orElseThrow().name();
        clock.advance(Duration.ofDays(6));
        add(s, "b");
        String recent = s.roll(2, 0, false).orElseThrow().name();
        Path oldDir = Path.of(listed(s, old).dir());
        clock.advance(Duration.ofDays(4));
        assertTrue(s.applyRetention().isEmpty(), "exactly 10 days is not older than 10 days");
        clock.advance(Duration.ofMillis(1));
        List<RetentionPlanner.Deletion> deleted = s.applyRetention();
        assertEquals(
                List.of(old),
                deleted.stream().map(RetentionPlanner.Deletion::name).toList());
        assertFalse(Files.exists(oldDir));
        clock.advance(Duration.ofDays(100));
        assertEquals(
                List.of(recent),
                s.applyRetention().stream().map(RetentionPlanner.Deletion::name).toList());
        assertEquals(
                List.of("writer"), s.list().stream().map(PartitionInfo::name).toList());
    }

    @Test
    void retentionBySizeDeletesTheOldestUntilUnderTheLimit() throws IOException {
        PartitionSet probe = open(PartitionPolicy.DEFAULT);
        List<String> names = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < 50; i++) add(probe, p + "-" + i);
            clock.advance(Duration.ofMinutes(1));
            names.add(probe.roll(p + 1, 0, false).orElseThrow().name());
        }
        long total = probe.list().stream().mapToLong(PartitionInfo::sizeInBytes).sum();
        long newest = listed(probe, names.get(2)).sizeInBytes();
        long hot = listed(probe, "writer").sizeInBytes();
        probe.close();
        opened.remove(probe);

        // A limit that the newest rolled partition and the writer fit in, but not one more partition.
        PartitionSet s = open(new PartitionPolicy(3, 0, hot + newest + 1));
        assertTrue(total > hot + newest + 1);
        assertEquals(
                names.subList(0, 2),
                s.applyRetention().stream().map(RetentionPlanner.Deletion::name).toList(),
                "the oldest go first");
        assertEquals(
                List.of("writer", names.get(2)),
                s.list().stream().map(PartitionInfo::name).toList());
        assertTrue(s.applyRetention().isEmpty());
    }

    @Test
    void addsAndSearchesRunningThroughRollsUnmountsAndDeletesLoseNothingAndNeverFail() throws Exception {
        PartitionSet s = open();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger added = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofPlatform().start(() -> {
            try {
                while (!stop.get()) {
                    String uid = "d" + added.get();
                    s.writing(w -> w.addDocument(doc(uid, 1000, 1000)));
                    added.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }));
        for (int i = 0; i < 2; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    while (!stop.get()) {
                        s.refresh(false);
                        try (ReaderLease l = s.lease(PartitionFilter.ALL)) {
                            IndexSearcher searcher = l.searcher();
                            int n = searcher.count(new MatchAllDocsQuery());
                            if (n > 0) searcher.storedFields().document(n - 1).get("_uid");
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        List<String> rolled = new ArrayList<>();
        for (int i = 0; i < 30 && failure.get() == null; i++) {
            clock.advance(Duration.ofMinutes(1));
            rolled.add(s.roll(i, 0, true).orElseThrow().name());
            if (i % 3 == 1) s.unmount(rolled.get(i - 1));
            if (i % 3 == 2) s.mount(rolled.get(i - 2));
        }
        stop.set(true);
        for (Thread t : threads) t.join();
        if (failure.get() != null) throw new AssertionError("a concurrent add or search failed", failure.get());

        for (String name : rolled) s.mount(name);
        s.refresh(true);
        try (ReaderLease l = s.lease(PartitionFilter.ALL)) {
            IndexSearcher searcher = l.searcher();
            var uids = new java.util.HashSet<String>();
            var stored = searcher.storedFields();
            int total = searcher.count(new MatchAllDocsQuery());
            for (int d = 0; d < searcher.getIndexReader().maxDoc(); d++)
                uids.add(stored.document(d).get("_uid"));
            assertEquals(added.get(), total, "every add landed in exactly one partition");
            assertEquals(added.get(), uids.size());
        }
        for (String name : rolled) s.delete(name);
        assertEquals(
                List.of("writer"), s.list().stream().map(PartitionInfo::name).toList());
        try (Stream<Path> dirs = Files.list(root)) {
            assertEquals(
                    1,
                    dirs.filter(p -> PartitionNames.isPartitionDirectory(
                                    p.getFileName().toString()))
                            .count(),
                    "every deleted partition's directory is gone");
        }
    }

    /**
     * Files of this process open or memory-mapped under {@code dir} (Linux: /proc/self/fd and /proc/self/maps;
     * Lucene maps index files and closes their descriptors).
     */
    static long openFilesUnder(Path dir) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        Path maps = Path.of("/proc/self/maps");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds) && Files.exists(maps), "needs Linux /proc");
        String prefix = dir.toAbsolutePath().toRealPath().toString() + "/";
        long n = 0;
        try (Stream<Path> list = Files.list(fds)) {
            for (Path fd : list.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(prefix)) n++;
                } catch (IOException gone) {
                    // closed while we looked
                }
            }
        }
        for (String line : Files.readAllLines(maps)) if (line.contains(prefix)) n++;
        return n;
    }

    @Test
    void theClockDecidesNamesInUtc() {
        assertEquals(
                "cbevents_2017_01_02_0304",
                PartitionNames.warmName(Instant.parse("2017-01-02T03:04:59Z").toEpochMilli(), java.util.Set.of()));
        assertEquals(
                "cbevents_2017_01_02_0304_2",
                PartitionNames.warmName(
                        Instant.parse("2017-01-02T03:04:00Z").toEpochMilli(),
                        java.util.Set.of("cbevents_2017_01_02_0304", "cbevents_2017_01_02_0304_1")));
    }
}
