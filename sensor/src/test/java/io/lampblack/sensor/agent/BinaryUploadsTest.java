package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lampblack.protocol.Hashes;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sensor (perhaps root) reads to send a binary the server asked for, from a place any user may write to:
 * regular files only, no links followed, nothing past the limit; gzipped on the way into an owner-only file.
 */
class BinaryUploadsTest {

    @TempDir
    Path dir;

    @Test
    void aRegularFileIsGzippedWholeWithItsMd5IntoAnOwnerOnlyFile() throws Exception {
        byte[] content = "a tool's bytes, and more of them".repeat(10_000).getBytes();
        Path tool = Files.write(dir.resolve("tool"), content);
        Path gz = dir.resolve("tool.gz");
        Files.writeString(gz, "a leftover of a crash");

        BinaryUploads.Compressed c = BinaryUploads.compressRegularFile(tool, gz).orElseThrow();

        assertEquals(content.length, c.size());
        assertEquals(Hashes.hexLower(MessageDigest.getInstance("MD5").digest(content)), c.md5());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertArrayEquals(content, in.readAllBytes());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(gz)));
    }

    @Test
    void aLinkAFifoAndAFileOverTheLimitAreNotRead() throws Exception {
        Path gz = dir.resolve("out.gz");
        Path secret = Files.writeString(dir.resolve("secret"), "root's secret");
        Path link = Files.createSymbolicLink(dir.resolve("tool"), secret);
        assertEquals(Optional.empty(), BinaryUploads.compressRegularFile(link, gz), "a link is not followed");

        // Opening a FIFO for reading would wait for a writer for ever.
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertEquals(Optional.empty(), BinaryUploads.compressRegularFile(fifo, gz));

        Path huge = dir.resolve("huge");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(BinaryUploads.MAX_BYTES + 1); // sparse: no disk used
        }
        assertEquals(Optional.empty(), BinaryUploads.compressRegularFile(huge, gz));
        assertFalse(Files.exists(gz), "nothing was gzipped for them");
        Path atLimit = dir.resolve("at-limit");
        try (RandomAccessFile f = new RandomAccessFile(atLimit.toFile(), "rw")) {
            f.setLength(BinaryUploads.MAX_BYTES);
        }
        assertEquals(
                BinaryUploads.MAX_BYTES,
                BinaryUploads.compressRegularFile(atLimit, gz).orElseThrow().size());
    }
}
