package io.lampblack.server.lucene.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lampblack.server.search.PartitionFilter;
import io.lampblack.server.search.PartitionInfo;
import io.lampblack.server.search.PartitionPolicy;
import io.lampblack.server.support.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash at any point of a roll leaves an index that opens, loses nothing committed, and — after the journal is
 * replayed from the position it reports, with replace semantics on the hot partition only — holds every record
 * exactly once. The disk is copied at each step of a roll (what a kill -9 would leave: nothing after that point
 * happened), and each copy is opened and recovered like a restart would.
 */
class PartitionRollCrashTest {

    @TempDir
    Path work;

    /** A journal record: the documents an upload produced, and where it lies in the journal. */
    record JournalRecord(long start, long end, List<String> uids) {}

    final List<JournalRecord> journal = List.of(
            new JournalRecord(0, 100, List.of("r1-a", "r1-b", "r1-c", "r1-d", "r1-e")),
            new JournalRecord(100, 200, List.of("r2-a", "r2-b", "r2-c")));

    @Test
    void aCrashAtAnyStepOfARollLosesNothingAndDuplicatesNothing() throws IOException {
        Path root = work.resolve("live");
        MutableClock clock = MutableClock.at("2024-06-01T00:00:00Z");
        Map<RollStep, Path> snapshots = new EnumMap<>(RollStep.class);
        RollStep.Observer copyAtEachStep = step -> snapshots.put(step, copy(root, work.resolve("crash-" + step)));
        Path beforeRoll;
        try (PartitionSet live = PartitionSet.open(
                root, IndexWriterConfig::new, () -> {}, PartitionPolicy.DEFAULT, clock, copyAtEachStep)) {
            index(live, journal.get(0));
            live.commit(100, clock.millis());
            index(live, journal.get(1));
            beforeRoll = copy(root, work.resolve("crash-before-roll"));
            live.roll(200, clock.millis(), false).orElseThrow();
        }
        assertEquals(RollStep.values().length, snapshots.size());

        Map<String, Long> expectedPosition = new HashMap<>();
        expectedPosition.put("before-roll", 100L);
        for (RollStep s : RollStep.values()) expectedPosition.put(s.name(), 200L);
        Map<String, Path> all = new HashMap<>();
        all.put("before-roll", beforeRoll);
        snapshots.forEach((step, path) -> all.put(step.name(), path));

        for (var crash : all.entrySet()) {
            String at = crash.getKey();
            try (PartitionSet recovered = PartitionSet.open(
                    crash.getValue(),
                    IndexWriterConfig::new,
                    () -> {},
                    PartitionPolicy.DEFAULT,
                    clock,
                    RollStep.Observer.NONE)) {
                long from = recovered.committedPosition();
                assertEquals(expectedPosition.get(at), from, "replay position after a crash at " + at);
                // What the pipeline does at start: replay every record at or after the committed position.
                for (JournalRecord r : journal) if (r.start() >= from) replay(recovered, r);
                recovered.refresh(true);
                List<String> uids = allUids(recovered);
                assertEquals(8, uids.size(), "documents after a crash at " + at + ": " + uids);
                assertEquals(8, uids.stream().distinct().count(), "no duplicate after a crash at " + at + ": " + uids);
                int partitions = recovered.list().size();
                assertEquals(
                        at.equals(RollStep.CATALOGUE_WRITTEN.name()) ? 2 : 1,
                        partitions,
                        "the catalogue write is the roll: " + recovered.list());
                try (Stream<Path> dirs = Files.list(crash.getValue())) {
                    long partitionDirs = dirs.filter(p -> PartitionNames.isPartitionDirectory(
                                    p.getFileName().toString()))
                            .count();
                    assertEquals(partitions, partitionDirs, "no directory left behind by a crash at " + at);
                }
                if (partitions == 2) {
                    PartitionInfo warm = recovered.list().get(1);
                    assertEquals("warm", warm.status());
                    assertEquals(8, warm.numDocs(), "the rolled partition holds everything before the roll position");
                }
            }
        }
    }

    private static void index(PartitionSet set, JournalRecord r) throws IOException {
        for (String uid : r.uids()) set.writing(w -> w.addDocument(PartitionSetTest.doc(uid, 1000, 1000)));
    }

    private static void replay(PartitionSet set, JournalRecord r) throws IOException {
        for (String uid : r.uids()) {
            Document d = PartitionSetTest.doc(uid, 1000, 1000);
            set.writing(w -> w.updateDocument(new Term("_uid", uid), d));
        }
    }

    private static List<String> allUids(PartitionSet set) throws IOException {
        try (ReaderLease l = set.lease(PartitionFilter.ALL)) {
            var s = l.searcher();
            StoredFields stored = s.storedFields();
            List<String> out = new ArrayList<>();
            for (ScoreDoc sd : s.search(new MatchAllDocsQuery(), 1000).scoreDocs)
                out.add(stored.document(sd.doc).get("_uid"));
            return out;
        }
    }

    /** Copies the index root as it is on disk now (files removed while copying were not needed by any commit). */
    private static Path copy(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                try {
                    if (Files.isDirectory(p)) Files.createDirectories(target);
                    else Files.copy(p, target);
                } catch (NoSuchFileException gone) {
                    // a temporary file that went away while copying
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
