package io.lampblack.sensor.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel's word that its notification queue overflowed, as each file source reads it: counted among the missed
 * events (the test hands the source the record the kernel writes, as flooding a real queue cannot be done on demand).
 */
class FileSourceOverflowTest {

    private FileHasher hasher;
    private OrderedEmitter emitter;
    private FileModWatcher watcher;

    @BeforeEach
    void start() {
        hasher = new FileHasher();
        emitter = new OrderedEmitter(new CollectingSink());
        ProcessTracker tracker = new ProcessTracker(
                new ProcFs(Path.of("/proc")),
                hasher,
                new UserNames(Path.of("/etc/passwd")),
                new BinaryCatalog(),
                emitter);
        watcher = new FileModWatcher(
                List.of(),
                Optional.empty(),
                ProcessHandle.current().pid(),
                tracker,
                hasher,
                new BinaryCatalog(),
                emitter,
                0);
    }

    @AfterEach
    void stop() {
        emitter.close();
        hasher.close();
    }

    @Test
    void anInotifyQueueOverflowIsCounted() throws IOException {
        try (InotifySource source = InotifySource.open(watcher, InotifySource.ALL);
                Arena arena = Arena.ofConfined()) {
            // struct inotify_event {wd -1, mask IN_Q_OVERFLOW, cookie 0, len 0}
            MemorySegment buf = arena.allocate(16, 8);
            buf.set(ValueLayout.JAVA_INT, 0, -1);
            buf.set(ValueLayout.JAVA_INT, 4, 0x4000);
            source.dispatch(buf, 16);
            assertEquals(1, watcher.lost());
        }
    }

    @Test
    void aFanotifyQueueOverflowIsCounted() {
        FanotifySource opened;
        try {
            opened = FanotifySource.open(watcher);
        } catch (IOException e) {
            assumeTrue(false, "fanotify needs root: " + e.getMessage());
            return;
        }
        try (FanotifySource source = opened;
                Arena arena = Arena.ofConfined()) {
            // struct fanotify_event_metadata {event_len 24, vers 3, reserved, metadata_len 24, mask FAN_Q_OVERFLOW,
            // fd FAN_NOFD, pid 0}
            MemorySegment buf = arena.allocate(24, 8);
            buf.set(ValueLayout.JAVA_INT, 0, 24);
            buf.set(ValueLayout.JAVA_BYTE, 4, (byte) 3);
            buf.set(ValueLayout.JAVA_SHORT, 6, (short) 24);
            buf.set(ValueLayout.JAVA_LONG, 8, 0x4000L);
            buf.set(ValueLayout.JAVA_INT, 16, -1);
            source.dispatch(buf, 24);
            assertEquals(1, watcher.lost());
        }
    }
}
