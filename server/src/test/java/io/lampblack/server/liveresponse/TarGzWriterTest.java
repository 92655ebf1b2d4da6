package io.lampblack.server.liveresponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzWriterTest {

    @TempDir
    Path dir;

    /** The archive is read by the system's tar, as an analyst would open it. */
    @Test
    void systemTarExtractsWhatWasWritten() throws Exception {
        Path archive = dir.resolve("a.tar.gz");
        byte[] big = new byte[70_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) i;
        try (OutputStream out = Files.newOutputStream(archive);
                TarGzWriter tar = new TarGzWriter(out)) {
            tar.add("session-1/commands.json", "[]".getBytes(), 1_700_000_000L);
            tar.add("session-1/files/2", big.length, new ByteArrayInputStream(big), 1_700_000_000L);
        }
        Path out = Files.createDirectories(dir.resolve("x"));
        Process p = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", out.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        assertEquals("[]", Files.readString(out.resolve("session-1/commands.json")));
        assertEquals(big.length, Files.size(out.resolve("session-1/files/2")));
        org.junit.jupiter.api.Assertions.assertArrayEquals(big, Files.readAllBytes(out.resolve("session-1/files/2")));
    }
}
