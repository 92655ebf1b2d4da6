package io.lampblack.server.tar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives read back by the system's {@code tar}, as an administrator or an analyst opens them. */
class TarWriterTest {

    @TempDir
    Path dir;

    @Test
    void tarReadsBackWhatWasWrittenWithModesAndLongPaths() throws Exception {
        byte[] big = new byte[700_001]; // not a multiple of the 512-byte block
        new Random(7).nextBytes(big);
        Path source = dir.resolve("source.bin");
        Files.write(source, big);
        String deep = "top/" + "d".repeat(60) + "/" + "e".repeat(60) + "/file-with-a-long-name.txt"; // > 100 bytes
        Path archive = dir.resolve("a.tar");
        try (OutputStream out = Files.newOutputStream(archive);
                TarWriter tar = new TarWriter(out, 1_700_000_000L)) {
            tar.directory("top");
            tar.file("top/run.sh", 0755, "#!/bin/sh\necho ran\n".getBytes(StandardCharsets.US_ASCII));
            tar.file("top/secret", 0600, "s3cret\n".getBytes(StandardCharsets.US_ASCII));
            tar.file("top/big.bin", 0644, source);
            tar.file(deep, 0644, "deep\n".getBytes(StandardCharsets.US_ASCII));
        }
        Path into = Files.createDirectories(dir.resolve("into"));
        run(List.of("tar", "-xf", archive.toString(), "-C", into.toString()));

        assertEquals("ran\n", run(List.of(into.resolve("top/run.sh").toString())));
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("top/secret"))));
        assertArrayEquals(big, Files.readAllBytes(into.resolve("top/big.bin")));
        assertEquals("deep\n", Files.readString(into.resolve(deep)));
        assertEquals(
                1_700_000_000_000L,
                Files.getLastModifiedTime(into.resolve("top/secret")).toMillis());
    }

    /** Gzipped, from streams; the stream underneath stays the caller's (an HTTP answer, which ends it itself). */
    @Test
    void aGzippedArchiveIsReadByTarAndLeavesItsStreamOpen() throws Exception {
        byte[] content = new byte[70_000];
        for (int i = 0; i < content.length; i++) content[i] = (byte) i;
        Path archive = dir.resolve("a.tar.gz");
        List<String> closed = new ArrayList<>();
        try (OutputStream file = Files.newOutputStream(archive)) {
            OutputStream caller = new FilterOutputStream(file) {
                @Override
                public void close() {
                    closed.add("closed");
                }
            };
            try (TarWriter tar = TarWriter.gzipped(caller, 1_700_000_000L, Deflater.BEST_SPEED)) {
                tar.file("session-1/commands.json", 0644, "[]".getBytes(StandardCharsets.US_ASCII));
                tar.file("session-1/files/2", 0644, content.length, new ByteArrayInputStream(content));
            }
        }
        assertEquals(List.of(), closed, "closing the archive closed the caller's stream");
        Path into = Files.createDirectories(dir.resolve("gz"));
        run(List.of("tar", "-xzf", archive.toString(), "-C", into.toString()));
        assertEquals("[]", Files.readString(into.resolve("session-1/commands.json")));
        assertArrayEquals(content, Files.readAllBytes(into.resolve("session-1/files/2")));
    }

    /** A file that ends short of its announced size cuts the archive off: tar sees it broken, not complete. */
    @Test
    void anArchiveWhoseEntryFailedIsNotEnded() throws Exception {
        Path archive = dir.resolve("cut.tar.gz");
        try (OutputStream out = Files.newOutputStream(archive)) {
            TarWriter tar = TarWriter.gzipped(out, 0, Deflater.DEFAULT_COMPRESSION);
            tar.file("a", 0644, "whole".getBytes(StandardCharsets.US_ASCII));
            IOException e = assertThrows(
                    IOException.class, () -> tar.file("b", 0644, 100, new ByteArrayInputStream(new byte[10])));
            assertTrue(e.getMessage().contains("short"), e.getMessage());
            assertThrows(IOException.class, () -> tar.file("c", 0644, new byte[1]), "no entry after a failed one");
            tar.close();
        }
        Process p = new ProcessBuilder("tar", "-tzf", archive.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, p.waitFor(), "tar read a cut archive as complete: " + out);
    }

    @Test
    void aPathTarCannotHoldIsRefusedNotTruncated() {
        TarWriter tar = new TarWriter(new ByteArrayOutputStream(), 0);
        IOException e = assertThrows(IOException.class, () -> tar.file("x".repeat(120), 0644, new byte[0]));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }

    @Test
    void sizesBeyondOctalUseBase256() throws Exception {
        byte[] h = TarWriter.header("f", 0644, 9L << 30, '0', 0);
        assertEquals((byte) 0x80, h[124]);
        long size = 0;
        for (int i = 128; i < 136; i++) size = (size << 8) | (h[i] & 0xff);
        assertEquals(9L << 30, size);
    }

    private String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + err);
        return out;
    }
}
