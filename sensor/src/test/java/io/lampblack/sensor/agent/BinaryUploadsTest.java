package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sensor (perhaps root) reads to send a binary the server asked for, from a place any user may write to:
 * regular files only, no links followed, nothing past the limit.
 */
class BinaryUploadsTest {

    @TempDir
    Path dir;

    @Test
    void aRegularFileIsReadWhole() throws Exception {
        Path tool = Files.write(dir.resolve("tool"), new byte[] {1, 2, 3});
        assertArrayEquals(
                new byte[] {1, 2, 3}, BinaryUploads.readRegularFile(tool).orElseThrow());
    }

    @Test
    void aLinkAFifoAndAFileOverTheLimitAreNotRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "root's secret");
        Path link = Files.createSymbolicLink(dir.resolve("tool"), secret);
        assertEquals(Optional.empty(), BinaryUploads.readRegularFile(link), "a link is not followed");

        // Opening a FIFO for reading would wait for a writer for ever.
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertEquals(Optional.empty(), BinaryUploads.readRegularFile(fifo));

        Path huge = dir.resolve("huge");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(BinaryUploads.MAX_BYTES + 1); // sparse: no disk used
        }
        assertEquals(Optional.empty(), BinaryUploads.readRegularFile(huge));
        Path atLimit = dir.resolve("at-limit");
        try (RandomAccessFile f = new RandomAccessFile(atLimit.toFile(), "rw")) {
            f.setLength(BinaryUploads.MAX_BYTES);
        }
        assertEquals(
                BinaryUploads.MAX_BYTES, BinaryUploads.readRegularFile(atLimit).orElseThrow().length);
    }
}
