package io.lampblack.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadRegistryTest {

    @TempDir
    Path dir;

    private Path seen() {
        return dir.resolve("uploads.seen");
    }

    private static UploadRegistry.Fresh fresh(UploadRegistry r, int sensor, String id) {
        return assertInstanceOf(UploadRegistry.Fresh.class, r.claim(sensor, id), "sensor " + sensor + " id " + id);
    }

    private static UploadRegistry.Duplicate duplicate(UploadRegistry r, int sensor, String id) {
        return assertInstanceOf(UploadRegistry.Duplicate.class, r.claim(sensor, id), "sensor " + sensor + " id " + id);
    }

    private static void accept(UploadRegistry r, int sensor, String id) {
        r.settle(sensor, id, fresh(r, sensor, id), true);
    }

    private static JournalRecord record(int sensor, String id) {
        return new JournalRecord(0, 1, 1, sensor, id, new byte[0]);
    }

    @Test
    void aClaimedIdIsADuplicateAfterwards() {
        UploadRegistry r = new UploadRegistry(seen());
        UploadRegistry.Fresh first = fresh(r, 1, "a");
        UploadRegistry.Duplicate inFlight = duplicate(r, 1, "a");
        assertFalse(inFlight.accepted().isDone(), "a re-send while the first is being journaled waits for it");

        r.settle(1, "a", first, true);
        assertTrue(inFlight.accepted().join(), "the waiting re-send learns the upload was accepted");
        assertTrue(duplicate(r, 1, "a").accepted().join());
        assertTrue(duplicate(r, 1, "a").accepted().join(), "still a duplicate on the third try");
    }

    @Test
    void idsArePerSensor() {
        UploadRegistry r = new UploadRegistry(seen());
        accept(r, 1, "same");
        fresh(r, 2, "same");
        duplicate(r, 1, "same");
    }

    @Test
    void aFailedSettleLetsTheIdBeClaimedAgain() {
        UploadRegistry r = new UploadRegistry(seen());
        UploadRegistry.Fresh first = fresh(r, 1, "a");
        UploadRegistry.Duplicate waiting = duplicate(r, 1, "a");
        r.settle(1, "a", first, false);
        assertFalse(waiting.accepted().join(), "a re-send waiting on a failed upload is told it failed");

        UploadRegistry.Fresh retry = fresh(r, 1, "a");
        r.settle(1, "a", retry, true);
        assertTrue(duplicate(r, 1, "a").accepted().join());
    }

    @Test
    void aLateFailureOfAnOldClaimDoesNotForgetTheRetry() {
        UploadRegistry r = new UploadRegistry(seen());
        UploadRegistry.Fresh first = fresh(r, 1, "a");
        r.settle(1, "a", first, false);
        UploadRegistry.Fresh retry = fresh(r, 1, "a");
        r.settle(1, "a", retry, true);
        r.settle(1, "a", first, false); // a stale failure report for the first attempt
        duplicate(r, 1, "a");
    }

    @Test
    void onlyTheLast64IdsOfEachSensorAreRemembered() {
        UploadRegistry r = new UploadRegistry(seen());
        for (int i = 0; i <= 64; i++) accept(r, 1, "u" + i);
        for (int i = 0; i < 64; i++) accept(r, 2, "u" + i);
        // Check the remembered ones first: claiming a forgotten id remembers it and pushes another one out.
        for (int i = 1; i <= 64; i++) duplicate(r, 1, "u" + i);
        for (int i = 0; i < 64; i++) duplicate(r, 2, "u" + i);
        fresh(r, 1, "u0");
    }

    @Test
    void rememberedIdsAreDuplicates() {
        UploadRegistry r = new UploadRegistry(seen());
        r.remember(3, "replayed");
        assertTrue(duplicate(r, 3, "replayed").accepted().join());
    }

    @Test
    void persistedIdsSurviveANewInstance() {
        UploadRegistry r = new UploadRegistry(seen());
        r.persist(List.of(record(1, "a"), record(1, "b with space"), record(2, "c")));
        r.persist(List.of(record(1, "d")));
        r.persist(List.of());

        UploadRegistry restarted = new UploadRegistry(seen());
        for (String id : List.of("a", "b with space", "d"))
            assertTrue(duplicate(restarted, 1, id).accepted().join());
        assertTrue(duplicate(restarted, 2, "c").accepted().join());
        fresh(restarted, 1, "c");
        fresh(restarted, 3, "a");
    }

    @Test
    void theSeenFileIsCompactedToWhatIsKept() throws Exception {
        UploadRegistry r = new UploadRegistry(seen());
        List<JournalRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) records.add(record(7, "u" + i));
        r.persist(records.subList(0, 50));
        r.persist(records.subList(50, 100));
        r.persist(List.of(record(8, "other")));
        assertEquals(101, Files.readAllLines(seen(), StandardCharsets.UTF_8).size());

        UploadRegistry restarted = new UploadRegistry(seen());
        List<String> lines = Files.readAllLines(seen(), StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>();
        for (int i = 36; i < 100; i++) expected.add("7 u" + i);
        expected.add("8 other");
        assertEquals(expected.size(), lines.size(), "the file keeps the last 64 ids per sensor");
        assertTrue(lines.containsAll(expected), lines.toString());

        for (int i = 36; i < 100; i++) duplicate(restarted, 7, "u" + i);
        duplicate(restarted, 8, "other");
        fresh(restarted, 7, "u35");

        UploadRegistry again = new UploadRegistry(seen());
        for (int i = 36; i < 100; i++) duplicate(again, 7, "u" + i);
        assertEquals(
                expected.size(),
                Files.readAllLines(seen(), StandardCharsets.UTF_8).size());
    }

    @Test
    void aTornOrBadLineInTheSeenFileIsSkipped() throws Exception {
        Files.writeString(seen(), "1 good\nnot-a-number x\n2 fine\n12", StandardCharsets.UTF_8);
        UploadRegistry r = new UploadRegistry(seen());
        duplicate(r, 1, "good");
        duplicate(r, 2, "fine");
        fresh(r, 12, "");
    }

    @Test
    void noSeenFileMeansNothingIsKnown() {
        UploadRegistry r = new UploadRegistry(dir.resolve("missing").resolve("uploads.seen"));
        fresh(r, 1, "a");
    }
}
