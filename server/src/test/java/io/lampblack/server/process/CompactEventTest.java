package io.lampblack.server.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CompactEventTest {

    private static CbEventMsg expected(CbEventMsg original) {
        CbHeaderMsg.Builder h = original.getHeader().toBuilder()
                .clearProcessGuid()
                .clearProcessCreateTime()
                .clearProcessPid()
                .clearProcessMd5()
                .clearProcessPath();
        return original.toBuilder().setHeader(h).build();
    }

    private static byte[] compact(byte[] event, int slack) {
        byte[] dst = new byte[slack + event.length + 16];
        int n = CompactEvent.write(event, 0, event.length, dst, slack);
        int length = (dst[slack] & 0xff)
                | (dst[slack + 1] & 0xff) << 8
                | (dst[slack + 2] & 0xff) << 16
                | (dst[slack + 3] & 0xff) << 24;
        assertEquals(n, length + 4);
        return java.util.Arrays.copyOfRange(dst, slack + 4, slack + 4 + length);
    }

    @Test
    void everyCorpusEventKeepsEverythingButTheRepeatedProcessFields() throws Exception {
        Path corpus = Path.of(System.getProperty("lampblack.shared", "../../shared"), "corpus", "protobuf");
        assumeTrue(Files.isDirectory(corpus), "shared corpus not found; skipping");
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertEquals(8143, files.size());
        long before = 0;
        long after = 0;
        for (Path f : files) {
            byte[] raw = Files.readAllBytes(f);
            CbEventMsg original = CbEventMsg.parseFrom(raw);
            byte[] small = compact(raw, (int) (before % 7));
            assertEquals(expected(original), CbEventMsg.parseFrom(small), f.toString());
            before += raw.length;
            after += small.length;
        }
        assertTrue(after < before * 0.9, "stored events shrink (" + before + " -> " + after + " bytes)");
    }

    @Test
    void eventsWithoutALeadingHeaderAreCopiedUnchanged() {
        byte[] odd = {0x12, 0x02, 0x08, 0x01}; // field 2 first: not the canonical layout
        assertArrayEquals(odd, compact(odd, 3));
        byte[] truncated = {0x0A, 0x7F, 0x08}; // header length past the end
        assertArrayEquals(truncated, compact(truncated, 0));
    }
}
