package io.lampblack.sensor.liveresponse;

import io.lampblack.protocol.sensor.LiveResponseProtocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The mappings of one process worth dumping, read from {@code /proc/<pid>/smaps} line by line and kept packed: two
 * longs a mapping (its start, whose page offset bits carry the write and execute permissions, and its end). A
 * process may have hundreds of thousands of mappings (Elasticsearch asks for 262,144); as objects in a list, or
 * worse as the lines of smaps (about 25 a mapping), they would not fit the sensor's heap, packed they cost 16 bytes
 * each, and beyond {@link #MAX_MAPPINGS} none are held.
 */
final class MemoryRegions {

    /** The most mappings held for one process (4 MiB packed): Elasticsearch's recommended vm.max_map_count. */
    static final int MAX_MAPPINGS = 262_144;

    private static final long WRITE = 1;
    private static final long EXEC = 2;
    private static final long FLAGS = WRITE | EXEC;

    private long[] packed = new long[2 * 64];
    private int count;
    private long bytes;

    private MemoryRegions() {}

    /** For tests: regions given rather than read. */
    static MemoryRegions of(long[][] startEndWriteExec) {
        MemoryRegions r = new MemoryRegions();
        for (long[] m : startEndWriteExec) r.add(m[0], m[1], m[2] != 0, m[3] != 0);
        return r;
    }

    int count() {
        return count;
    }

    long start(int i) {
        return packed[2 * i] & ~FLAGS;
    }

    long end(int i) {
        return packed[2 * i + 1];
    }

    long size(int i) {
        return end(i) - start(i);
    }

    boolean write(int i) {
        return (packed[2 * i] & WRITE) != 0;
    }

    boolean exec(int i) {
        return (packed[2 * i] & EXEC) != 0;
    }

    /** The bytes of all the regions together. */
    long bytes() {
        return bytes;
    }

    private void add(long start, long end, boolean write, boolean exec) {
        if (2 * count == packed.length) packed = Arrays.copyOf(packed, packed.length + packed.length / 4 * 2);
        packed[2 * count] = start | (write ? WRITE : 0) | (exec ? EXEC : 0);
        packed[2 * count + 1] = end;
        count++;
        bytes += end - start;
    }

    /**
     * The mappings of {@code /proc/<pid>/smaps} worth dumping: readable ones, except those the kernel marks as I/O
     * or raw page-frame mappings (VmFlags {@code io}, {@code pf}: device memory, where a read can have side effects
     * or hang), mappings of character and block devices, and the kernel's [vvar] and [vsyscall] pages. Shared memory
     * ({@code /dev/shm}, memfd, {@code /dev/zero (deleted)} for shared anonymous memory) is process memory and kept.
     * A process with more than {@link #MAX_MAPPINGS} of them is a {@link CommandFailure} rather than a partial dump.
     */
    static MemoryRegions read(long pid) throws CommandFailure {
        Path smaps = Path.of("/proc", Long.toString(pid), "smaps");
        MemoryRegions regions = new MemoryRegions();
        Map<String, Boolean> devices = new HashMap<>();
        // Decoded leniently: a mapped file's name may be any bytes (a strict decoder would hide the process).
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(Files.newInputStream(smaps), StandardCharsets.UTF_8))) {
            boolean pending = false;
            long start = 0;
            long end = 0;
            boolean write = false;
            boolean exec = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (isMapping(line)) {
                    if (pending) regions.addChecked(pid, start, end, write, exec); // no VmFlags: keep what maps said
                    pending = false;
                    String[] f = line.split("\\s+", 6);
                    if (f.length < 5 || f[1].charAt(0) != 'r') continue;
                    String name = f.length > 5 ? f[5].trim() : "";
                    if (name.startsWith("[vvar") || name.equals("[vsyscall]") || isDevice(name, devices)) continue;
                    int dash = f[0].indexOf('-');
                    start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
                    end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
                    if (start < 0 || end <= start) continue; // above the user address space
                    write = f[1].charAt(1) == 'w';
                    exec = f[1].charAt(2) == 'x';
                    pending = true;
                } else if (pending && line.startsWith("VmFlags:")) {
                    String flags = " " + line.substring("VmFlags:".length()).trim() + " ";
                    if (!flags.contains(" io ") && !flags.contains(" pf "))
                        regions.addChecked(pid, start, end, write, exec);
                    pending = false;
                }
            }
            if (pending) regions.addChecked(pid, start, end, write, exec);
        } catch (IOException e) {
            throw CommandFailure.of(e, smaps);
        }
        return regions;
    }

    private void addChecked(long pid, long start, long end, boolean write, boolean exec) throws CommandFailure {
        if (count >= MAX_MAPPINGS) {
            throw new CommandFailure(
                    LiveResponseProtocol.E_FAIL,
                    "pid " + pid + " has more than " + MAX_MAPPINGS + " memory mappings to dump; not dumped");
        }
        add(start, end, write, exec);
    }

    /**
     * Whether a line of smaps starts a mapping ("start-end perms ..."): its first character is a lower-case hex
     * digit, where the lines about a mapping start with a capitalised field name.
     */
    private static boolean isMapping(String line) {
        if (line.isEmpty()) return false;
        char c = line.charAt(0);
        return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) && line.indexOf('-') > 0;
    }

    /** Whether a mapping's name is a character or block device (as this sensor sees the file system). */
    private static boolean isDevice(String name, Map<String, Boolean> seen) {
        if (!name.startsWith("/") || name.endsWith(" (deleted)")) return false;
        if (seen.size() > 4096) seen.clear(); // a process mapping thousands of files: bounded, at the price of a stat
        return seen.computeIfAbsent(name, n -> {
            try {
                return Files.readAttributes(Path.of(n), java.nio.file.attribute.PosixFileAttributes.class)
                        .isOther();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
    }
}
