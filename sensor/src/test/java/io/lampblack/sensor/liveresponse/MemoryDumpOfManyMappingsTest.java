package io.lampblack.sensor.liveresponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole-machine memdump of a process with tens of thousands of mappings (Elasticsearch, anything that mmaps a lot)
 * succeeds in a JVM whose heap is a third of the sensor's: what the dump holds does not grow with the mappings' text.
 */
class MemoryDumpOfManyMappingsTest {

    /** The heap the dumping JVM gets: a third of the installed sensor's 96 MiB. */
    private static final String SMALL_HEAP = "-Xmx32m";

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aProcessWithSixtyThousandMappingsIsDumpedOnASmallHeap() throws Exception {
        int limit = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/vm/max_map_count"))
                .getFirst()
                .strip());
        int mappings = Math.min(60_000, limit - 5_000);
        assumeTrue(mappings >= 30_000, "vm.max_map_count too low for the test: " + limit);
        String marker = "LAMPBLACK-MAPPED-" + System.nanoTime();

        Process target =
                java(List.of("-Xmx64m"), ManyMappings.class, Integer.toString(mappings), dir.toString(), marker);
        BufferedReader said =
                new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", said.readLine(), "the process with many mappings started");

        Path out = dir.resolve("all");
        Process dumper = java(List.of(SMALL_HEAP), DumpOne.class, Long.toString(target.pid()), out.toString());
        String output = new String(dumper.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, dumper.waitFor(), "the dump on a " + SMALL_HEAP + " heap: " + output);

        try (InputStream tar = new BufferedInputStream(Files.newInputStream(out), 1 << 20)) {
            byte[] entry = tar.readNBytes(512);
            String name = new String(entry, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
            assertEquals(target.pid() + "-java.core", name);
            long size = Long.parseLong(new String(entry, 124, 11, StandardCharsets.US_ASCII), 8);
            ByteBuffer h = ByteBuffer.wrap(tar.readNBytes(64)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(4, h.getShort(16), "ET_CORE");
            int phnum = h.getShort(56) & 0xffff;
            assertTrue(phnum >= mappings, phnum + " segments for " + mappings + " mappings");
            assertTrue(size > MemoryDump.headerSize(phnum) + 4096L * mappings, "every mapping's page: " + size);
            assertTrue(contains(tar, marker), "the mapped pages' content is in the dump");
        }
    }

    /** A JVM as small as the sensor's: the serial collector, the quick compiler, no class-data sharing archive. */
    private Process java(List<String> heap, Class<?> main, String... args) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElseThrow());
        argv.addAll(heap);
        argv.addAll(List.of(
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:off",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        started.add(p);
        return p;
    }

    private static boolean contains(InputStream in, String marker) throws Exception {
        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        byte[] buf = new byte[1 << 20];
        int keep = needle.length - 1;
        int have = 0;
        while (true) {
            int n = in.read(buf, have, buf.length - have);
            if (n < 0) return false;
            have += n;
            outer:
            for (int i = 0; i + needle.length <= have; i++) {
                for (int j = 0; j < needle.length; j++) if (buf[i + j] != needle[j]) continue outer;
                return true;
            }
            if (have > keep) {
                System.arraycopy(buf, have - keep, buf, 0, keep);
                have = keep;
            }
        }
    }

    /**
     * Maps one page of a file again and again, shared and private in turn (so that the kernel cannot merge neighbours
     * into one mapping), writes the marker into the file, says "ready" and waits to be killed.
     */
    public static final class ManyMappings {
        public static void main(String[] args) throws Exception {
            int n = Integer.parseInt(args[0]);
            Path file = Files.createTempFile(Path.of(args[1]), "pages-", ".bin");
            List<MappedByteBuffer> held = new ArrayList<>(n);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(args[2].getBytes(StandardCharsets.US_ASCII)), 0);
                ch.write(ByteBuffer.wrap(new byte[] {0}), 4095);
                for (int i = 0; i < n; i++) {
                    held.add(
                            ch.map(i % 2 == 0 ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.PRIVATE, 0, 4096));
                }
            }
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
            java.lang.ref.Reference.reachabilityFence(held);
        }
    }

    /** A whole-machine memdump (a tar), narrowed to the one process named. */
    public static final class DumpOne {
        public static void main(String[] args) throws Exception {
            long pid = Long.parseLong(args[0]);
            new MemoryDump(p -> p == pid).dump(null, Path.of(args[1]), false, new Cancellation());
        }
    }
}
