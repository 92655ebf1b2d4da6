package io.lampblack.server.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    /** A clock that never moves: the journal alone must keep receipt times unique. */
    private static final Clock FIXED = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

    private static final long BIG = 1L << 30;

    @TempDir
    Path dir;

    private final List<Journal<String>> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(Journal::close);
    }

    private Journal<String> open(long fileSize) {
        Journal<String> j = Journal.open(dir, fileSize, FIXED);
        opened.add(j);
        j.start(d -> {});
        return j;
    }

    private Journal<String> reopen(Journal<String> old, long fileSize) {
        old.close();
        opened.remove(old);
        return open(fileSize);
    }

    private static JournalRecord append(Journal<String> j, int sensor, String id, byte[] payload) throws Exception {
        return j.append(sensor, id, payload, null).get(10, TimeUnit.SECONDS);
    }

    private static byte[] payload(int i, int size) {
        byte[] b = new byte[size];
        for (int k = 0; k < size; k++) b[k] = (byte) (i * 31 + k);
        return b;
    }

    private static List<JournalRecord> replay(Journal<String> j, long from) {
        List<JournalRecord> out = new ArrayList<>();
        j.replay(from, out::add);
        return out;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jnl"))
                    .sorted()
                    .toList();
        }
    }

    private static void assertSameRecord(JournalRecord expected, JournalRecord actual) {
        assertEquals(expected.position(), actual.position(), "position");
        assertEquals(expected.end(), actual.end(), "end");
        assertEquals(expected.serverTime(), actual.serverTime(), "serverTime");
        assertEquals(expected.sensorId(), actual.sensorId(), "sensorId");
        assertEquals(expected.uploadId(), actual.uploadId(), "uploadId");
        assertArrayEquals(expected.payload(), actual.payload(), "payload");
    }

    private static void assertSameRecords(List<JournalRecord> expected, List<JournalRecord> actual) {
        assertEquals(expected.size(), actual.size(), "record count");
        for (int i = 0; i < expected.size(); i++) assertSameRecord(expected.get(i), actual.get(i));
    }

    private List<JournalRecord> appendSome(Journal<String> j, int n, int payloadSize) throws Exception {
        List<JournalRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(append(j, 100 + i, "upload-" + i, payload(i, payloadSize)));
        return out;
    }

    @Test
    void appendedRecordsReplayInOrderWithTheirContent() throws Exception {
        Journal<String> j = open(BIG);
        assertEquals(0, j.endPosition());
        List<JournalRecord> written = new ArrayList<>();
        long lastEnd = 0;
        for (int i = 0; i < 5; i++) {
            JournalRecord r = append(j, 100 + i, "upload-é-" + i, payload(i, 10 + i * 7));
            assertEquals(lastEnd, r.position(), "records are contiguous");
            assertTrue(r.end() > r.position());
            assertEquals(r.end(), j.endPosition(), "endPosition advances past every durable record");
            lastEnd = r.end();
            written.add(r);
        }
        List<JournalRecord> replayed = replay(j, 0);
        assertSameRecords(written, replayed);
        for (int i = 0; i < 5; i++) {
            assertEquals(100 + i, replayed.get(i).sensorId());
            assertEquals("upload-é-" + i, replayed.get(i).uploadId());
            assertArrayEquals(payload(i, 10 + i * 7), replayed.get(i).payload());
        }
        for (int i = 1; i < replayed.size(); i++) {
            assertTrue(
                    replayed.get(i).serverTime() > replayed.get(i - 1).serverTime(),
                    "server times strictly increase even though the clock stands still: " + replayed);
        }
        assertTrue(replayed.get(0).serverTime() >= FIXED.millis());
    }

    @Test
    void emptyPayloadAndEmptyUploadIdRoundTrip() throws Exception {
        Journal<String> j = open(BIG);
        JournalRecord r = append(j, 1, "", new byte[0]);
        assertSameRecords(List.of(r), replay(j, 0));
    }

    @Test
    void sinkReceivesEveryDurableRecordInJournalOrderWithWhatItCarries() throws Exception {
        Journal<String> j = Journal.open(dir, BIG, FIXED);
        opened.add(j);
        LinkedBlockingQueue<Journal.Durable<String>> seen = new LinkedBlockingQueue<>();
        j.start(seen::add);
        List<JournalRecord> written = new ArrayList<>();
        for (int i = 0; i < 4; i++)
            written.add(j.append(1, "u" + i, payload(i, 5), "attachment-" + i).get(10, TimeUnit.SECONDS));
        for (int i = 0; i < 4; i++) {
            Journal.Durable<String> d = seen.poll(10, TimeUnit.SECONDS);
            assertSameRecord(written.get(i), d.record());
            assertEquals("attachment-" + i, d.carried());
        }
    }

    @Test
    void replayFromAPositionStartsAtThatRecord() throws Exception {
        Journal<String> j = open(BIG);
        List<JournalRecord> written = appendSome(j, 5, 20);
        assertSameRecords(written.subList(2, 5), replay(j, written.get(2).position()));
        assertSameRecords(List.of(), replay(j, j.endPosition()));
    }

    @Test
    void reopenedJournalReplaysTheSameRecordsAndContinuesAtTheEnd() throws Exception {
        Journal<String> j = open(BIG);
        List<JournalRecord> written = appendSome(j, 3, 20);
        long end = j.endPosition();
        j = reopen(j, BIG);
        assertEquals(end, j.endPosition());
        assertSameRecords(written, replay(j, 0));
        JournalRecord next = append(j, 9, "after-restart", payload(9, 4));
        assertEquals(end, next.position());
        assertTrue(next.serverTime() > written.get(2).serverTime(), "receipt times keep increasing across a restart");
    }

    @Test
    void tornTailIsCutOnReopenAndAppendsContinueAtTheCut() throws Exception {
        Journal<String> j = open(BIG);
        List<JournalRecord> written = appendSome(j, 4, 30);
        j.close();
        opened.remove(j);
        Path file = files().getLast();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3); // a crash in the middle of writing the last record
        }
        j = open(BIG);
        JournalRecord lastIntact = written.get(2);
        assertEquals(lastIntact.end(), j.endPosition());
        assertEquals(lastIntact.end(), Files.size(file), "the torn bytes are cut from the file");
        assertSameRecords(written.subList(0, 3), replay(j, 0));

        JournalRecord next = append(j, 7, "after-cut", payload(7, 12));
        assertEquals(lastIntact.end(), next.position(), "the next record starts where the intact ones end");
        assertTrue(next.serverTime() > lastIntact.serverTime());
        List<JournalRecord> expected = new ArrayList<>(written.subList(0, 3));
        expected.add(next);
        assertSameRecords(expected, replay(j, 0));
        j = reopen(j, BIG);
        assertSameRecords(expected, replay(j, 0));
    }

    @Test
    void garbageAfterTheLastRecordIsCutOnReopen() throws Exception {
        for (int garbage : new int[] {5, 12, 40}) {
            Path sub = Files.createDirectories(dir.resolve("g" + garbage));
            Journal<String> j = Journal.open(sub, BIG, FIXED);
            j.start(d -> {});
            List<JournalRecord> written = new ArrayList<>();
            for (int i = 0; i < 3; i++) written.add(append(j, 1, "u" + i, payload(i, 16)));
            j.close();
            Path file;
            try (Stream<Path> s = Files.list(sub)) {
                file = s.sorted().toList().getLast();
            }
            byte[] junk = new byte[garbage];
            for (int i = 0; i < junk.length; i++) junk[i] = (byte) (0xA5 ^ i);
            Files.write(file, junk, StandardOpenOption.APPEND);

            j = Journal.open(sub, BIG, FIXED);
            j.start(d -> {});
            try {
                assertEquals(written.getLast().end(), j.endPosition(), garbage + " garbage bytes");
                assertSameRecords(written, replay(j, 0));
                JournalRecord next = append(j, 2, "next", payload(5, 8));
                assertEquals(written.getLast().end(), next.position(), garbage + " garbage bytes");
                List<JournalRecord> expected = new ArrayList<>(written);
                expected.add(next);
                assertSameRecords(expected, replay(j, 0));
            } finally {
                j.close();
            }
        }
    }

    @Test
    void corruptedLastRecordStopsReplayAtThatRecord() throws Exception {
        Journal<String> j = open(BIG);
        List<JournalRecord> written = appendSome(j, 4, 64);
        j.close();
        opened.remove(j);
        Path file = files().getLast();
        JournalRecord last = written.getLast();
        long middle = (last.position() + last.end()) / 2;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, middle);
            b.flip();
            byte flipped = (byte) (b.get() ^ 0x10);
            ch.write(ByteBuffer.wrap(new byte[] {flipped}), middle);
        }
        j = open(BIG);
        assertSameRecords(written.subList(0, 3), replay(j, 0));
        assertEquals(written.get(2).end(), j.endPosition());
        JournalRecord next = append(j, 5, "replacement", payload(5, 10));
        assertEquals(written.get(2).end(), next.position());
    }

    @Test
    void corruptionNoticedByARunningJournalStopsReplayToo() throws Exception {
        Journal<String> j = open(BIG);
        List<JournalRecord> written = appendSome(j, 3, 64);
        JournalRecord last = written.getLast();
        try (FileChannel ch = FileChannel.open(files().getLast(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x55, 0x55, 0x55, 0x55}), last.end() - 20);
        }
        assertSameRecords(written.subList(0, 2), replay(j, 0));
    }

    @Test
    void filesRollAtTheConfiguredSizeAndAreNamedByTheirFirstPosition() throws Exception {
        Journal<String> j = open(100);
        List<JournalRecord> written = appendSome(j, 5, 120); // every record is larger than a file
        List<Path> files = files();
        assertEquals(6, files.size(), "one file per record plus the new active file: " + files);
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    String.format("%020d.jnl", written.get(i).position()),
                    files.get(i).getFileName().toString());
            assertEquals(written.get(i).end() - written.get(i).position(), Files.size(files.get(i)));
        }
        assertEquals(
                String.format("%020d.jnl", j.endPosition()),
                files.get(5).getFileName().toString());
        assertEquals(0, Files.size(files.get(5)));
        assertSameRecords(written, replay(j, 0));
        assertSameRecords(written.subList(3, 5), replay(j, written.get(3).position()));

        j = reopen(j, 100);
        assertSameRecords(written, replay(j, 0));
        JournalRecord next = append(j, 1, "after", payload(1, 8));
        assertEquals(written.getLast().end(), next.position());
    }

    @Test
    void severalRecordsShareAFileUntilItIsFull() throws Exception {
        Journal<String> j = open(200);
        List<JournalRecord> written = appendSome(j, 10, 20); // about 50 bytes per record
        List<Path> files = files();
        assertTrue(files.size() >= 3 && files.size() <= 6, "files: " + files);
        for (Path f : files.subList(0, files.size() - 1)) {
            long size = Files.size(f);
            assertTrue(size >= 200 && size < 250, f + " holds " + size + " bytes");
        }
        assertSameRecords(written, replay(j, 0));
    }

    @Test
    void trimDeletesOnlyFilesEntirelyBeforeTheCommittedPosition() throws Exception {
        Journal<String> j = open(100);
        List<JournalRecord> written = appendSome(j, 5, 120);
        List<JournalRecord> deleted = new ArrayList<>();

        j.trim(written.get(2).end(), deleted::addAll);
        assertSameRecords(written.subList(0, 3), deleted);
        assertSameRecords(written.subList(3, 5), replay(j, 0));
        assertEquals(3, files().size());

        deleted.clear();
        j.trim(written.get(3).position() + 1, deleted::addAll); // commit inside record 3: its file must stay
        assertSameRecords(List.of(), deleted);
        assertSameRecords(written.subList(3, 5), replay(j, 0));

        j.trim(Long.MAX_VALUE, deleted::addAll);
        assertSameRecords(written.subList(3, 5), deleted);
        List<Path> left = files();
        assertEquals(1, left.size(), "the active file is never deleted");
        assertEquals(
                String.format("%020d.jnl", j.endPosition()),
                left.getFirst().getFileName().toString());

        JournalRecord next = append(j, 3, "after-trim", payload(3, 8));
        assertEquals(written.getLast().end(), next.position());
        assertSameRecords(List.of(next), replay(j, 0));
        j = reopen(j, 100);
        assertSameRecords(List.of(next), replay(j, 0));
        assertTrue(append(j, 4, "x", new byte[1]).serverTime() > next.serverTime());
    }

    @Test
    void trimNeverDeletesTheActiveFileEvenWhenEverythingIsCommitted() throws Exception {
        Journal<String> j = open(BIG);
        List<JournalRecord> written = appendSome(j, 3, 20);
        List<JournalRecord> deleted = new ArrayList<>();
        j.trim(j.endPosition(), deleted::addAll);
        j.trim(Long.MAX_VALUE, deleted::addAll);
        assertEquals(List.of(), deleted);
        assertEquals(1, files().size());
        assertSameRecords(written, replay(j, 0));
    }

    @Test
    void concurrentAppendsAreAllDurableContiguousAndUniquelyTimed() throws Exception {
        Journal<String> j = open(4096);
        int threads = 8;
        int each = 40;
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int sensor = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < each; i++) append(j, sensor, "s" + sensor + "-" + i, payload(i, 30));
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread w : workers) w.join();
        assertEquals(List.of(), failures);

        List<JournalRecord> replayed = replay(j, 0);
        assertEquals(threads * each, replayed.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < replayed.size(); i++) {
            JournalRecord r = replayed.get(i);
            assertTrue(ids.add(r.sensorId() + "/" + r.uploadId()), "recorded once: " + r.uploadId());
            assertEquals(
                    "s" + r.sensorId() + "-",
                    r.uploadId().substring(0, r.uploadId().indexOf('-') + 1));
            int n = Integer.parseInt(r.uploadId().substring(r.uploadId().indexOf('-') + 1));
            assertArrayEquals(payload(n, 30), r.payload());
            if (i > 0) {
                assertEquals(replayed.get(i - 1).end(), r.position(), "no gap or overlap");
                assertTrue(r.serverTime() > replayed.get(i - 1).serverTime());
            }
        }
        assertEquals(replayed.getLast().end(), j.endPosition());
    }

    @Test
    void appendAfterCloseFails() throws Exception {
        Journal<String> j = open(BIG);
        append(j, 1, "a", new byte[3]);
        j.close();
        opened.remove(j);
        var f = j.append(1, "b", new byte[3], null);
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IOException, e.toString());
    }

    @Test
    void receiptTimesKeepIncreasingAfterARestartRightAfterARoll() throws Exception {
        Journal<String> j = open(100);
        List<JournalRecord> written = appendSome(j, 3, 120); // each append rolls: the active file is empty
        j = reopen(j, 100);
        JournalRecord next = append(j, 1, "after-restart", payload(1, 8));
        assertTrue(
                next.serverTime() > written.getLast().serverTime(),
                "new receipt time " + next.serverTime() + " must exceed "
                        + written.getLast().serverTime() + " (segment ids derive from it)");
    }

    @Test
    void uploadIdsAreStoredAsUtf8() throws Exception {
        Journal<String> j = open(BIG);
        String id = "ünïcødé-✓";
        JournalRecord r = append(j, 1, id, "x".getBytes(StandardCharsets.UTF_8));
        j = reopen(j, BIG);
        assertEquals(id, replay(j, 0).getFirst().uploadId());
        assertEquals(r.end(), j.endPosition());
    }
}
