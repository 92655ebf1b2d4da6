package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool on a real directory: order, stable upload ids across restarts, the cap and what it counts. */
class EventSpoolTest {

    @TempDir
    Path data;

    private static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void logsLeaveInOrderWithTheSameIdAndBytesAfterARestart() throws Exception {
        AgentState state = new AgentState(data);
        EventSpool spool = new EventSpool(data.resolve("spool"), 1 << 20, state);
        spool.add(bytes(10, 1), 3);
        spool.add(bytes(20, 2), 4);
        SpoolFile first = spool.next(0).orElseThrow();
        assertEquals(3, first.events());
        spool.release(first); // not sent: the answer was lost, say

        // The sensor restarts: the same log comes first, under the same id, with the same bytes.
        EventSpool again = new EventSpool(data.resolve("spool"), 1 << 20, new AgentState(data));
        SpoolFile resent = again.next(0).orElseThrow();
        assertEquals(first.uploadId(), resent.uploadId());
        assertArrayEquals(bytes(10, 1), again.read(resent));
        again.delivered(resent);
        SpoolFile second = again.next(0).orElseThrow();
        assertEquals(4, second.events());
        assertTrue(second.uploadId().matches("[0-9a-f]{8}-\\d+"), second.uploadId());
        again.add(bytes(5, 3), 1);
        again.delivered(second);
        SpoolFile newest = again.next(0).orElseThrow();
        assertTrue(newest.sequence() > second.sequence(), "logs spooled after a restart come after the older ones");
        assertFalse(newest.uploadId().equals(first.uploadId()));
        assertEquals(new EventSpool.Size(1, 5), again.size());
    }

    @Test
    void theCapDropsTheOldestButNeverTheOneInFlightAndCountsWhatItDropped() throws Exception {
        AgentState state = new AgentState(data);
        EventSpool spool = new EventSpool(data.resolve("spool"), 100, state);
        spool.add(bytes(40, 1), 10);
        SpoolFile inFlight = spool.next(0).orElseThrow();
        spool.add(bytes(40, 2), 20);
        spool.add(bytes(40, 3), 30); // 120 bytes: the oldest not in flight goes
        assertEquals(20, state.droppedEvents());
        assertEquals(1, state.droppedEventLogs());
        assertEquals(new EventSpool.Size(2, 80), spool.size());
        spool.delivered(inFlight);
        assertEquals(30, spool.next(0).orElseThrow().events());
        // The counts survive a restart (they only grow).
        assertEquals(20, new AgentState(data).droppedEvents());
    }

    @Test
    void aRefusedLogIsSetAsideAndCounted() throws Exception {
        AgentState state = new AgentState(data);
        EventSpool spool = new EventSpool(data.resolve("spool"), 1 << 20, state);
        spool.add(bytes(10, 1), 7);
        SpoolFile f = spool.next(0).orElseThrow();
        spool.setAside(f, "400 malformed_upload");
        assertEquals(Optional.empty(), spool.next(0));
        assertEquals(7, state.droppedEvents());
        assertEquals(1, state.droppedEventLogs());
        assertTrue(Files.exists(data.resolve("spool/rejected").resolve(f.path().getFileName())), "kept to look at");
    }

    @Test
    void aLogACrashInterruptedIsNotSpooled() throws Exception {
        Path dir = Files.createDirectories(data.resolve("spool"));
        Files.write(dir.resolve(".tmp-00000000000000000001-abcdef01-3.gz"), bytes(3, 0));
        EventSpool spool = new EventSpool(dir, 1 << 20, new AgentState(data));
        assertEquals(new EventSpool.Size(0, 0), spool.size());
        assertFalse(Files.exists(dir.resolve(".tmp-00000000000000000001-abcdef01-3.gz")));
    }

    @Test
    void aVanishedLogIsCountedAndAnUnreadableOneSetAsideNeitherHoldsUpTheRest() throws Exception {
        AgentState state = new AgentState(data);
        EventSpool spool = new EventSpool(data.resolve("spool"), 1 << 20, state);
        spool.add(bytes(10, 1), 3);
        spool.add(bytes(10, 2), 4);
        spool.add(bytes(10, 3), 5);

        SpoolFile gone = spool.next(0).orElseThrow();
        Files.delete(gone.path());
        assertThrows(NoSuchFileException.class, () -> spool.read(gone));
        spool.lost(gone);
        SpoolFile unreadable = spool.next(0).orElseThrow();
        assertFalse(unreadable.equals(gone), "the next log comes up");
        Files.delete(unreadable.path());
        Files.createDirectory(unreadable.path()); // reading it fails, not with "no such file"
        assertThrows(IOException.class, () -> spool.read(unreadable));
        spool.setAside(unreadable, "cannot be read");

        SpoolFile last = spool.next(0).orElseThrow();
        assertArrayEquals(bytes(10, 3), spool.read(last));
        assertEquals(new EventSpool.Size(1, 10), spool.size());
        assertEquals(7, state.droppedEvents());
        assertEquals(2, state.droppedEventLogs());
        assertTrue(Files.exists(data.resolve("spool")
                .resolve("rejected")
                .resolve(unreadable.path().getFileName())));
    }
}
