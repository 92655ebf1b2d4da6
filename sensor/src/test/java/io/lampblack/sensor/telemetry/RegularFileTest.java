package io.lampblack.sensor.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lampblack.protocol.events.SensorEvents.CbFileModMsg.CbFileType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FIFO, a link or a device where the sensor expects a file another user named: refused at once, never a read that
 * blocks the hashing or file-mod thread (the timeouts below only keep a regression from hanging the build).
 */
class RegularFileTest {

    private static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aRegularFileIsRead() throws IOException {
        Path f = Files.write(dir.resolve("prog"), new byte[] {0x7f, 'E', 'L', 'F', 1, 2});
        try (InputStream in = RegularFile.open(f, false)) {
            assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F', 1, 2}, in.readAllBytes());
        }
        assertEquals(CbFileType.filetypeElf, FileModWatcher.typeOf(f));
    }

    @Test
    void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available");
        assertTimeoutPreemptively(HANG, () -> {
            assertThrows(IOException.class, () -> RegularFile.open(fifo, false));
            assertThrows(IOException.class, () -> RegularFile.open(fifo, true));
            assertEquals(CbFileType.filetypeUnknown, FileModWatcher.typeOf(fifo));
        });
        try (FileHasher hasher = new FileHasher()) {
            // A FIFO named as a program or a written file: no hash, and the hasher is not stuck on it.
            assertTimeoutPreemptively(
                    HANG,
                    () -> assertEquals(
                            java.util.Optional.empty(), hasher.hash(fifo, fifo).get()));
        }
    }

    @Test
    void aLinkIsFollowedOnlyWhenAsked() throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "content");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThrows(IOException.class, () -> RegularFile.open(link, false));
        try (InputStream in = RegularFile.open(link, true)) {
            assertEquals("content", new String(in.readAllBytes()));
        }
    }

    @Test
    void aDeviceOrDirectoryIsRefused() {
        assertThrows(IOException.class, () -> RegularFile.open(Path.of("/dev/zero"), true));
        assertThrows(IOException.class, () -> RegularFile.open(dir, true));
    }
}
