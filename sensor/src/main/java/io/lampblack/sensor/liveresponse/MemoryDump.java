package io.lampblack.sensor.liveresponse;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code memdump} on Linux. Carbon Black's Windows sensor dumps the machine's physical memory; Linux offers no
 * user-space equivalent worth having ({@code /proc/kcore} is the kernel's view and needs root and lockdown off), so
 * the dump is of processes' memory: with {@code pid} in the command's arguments, that process; without (what cbapi's
 * {@code memdump()} sends), every process the sensor may read except itself.
 *
 * <p>A process's dump is an ELF core file (ET_CORE, one PT_LOAD segment per readable mapping, at its address, with
 * its permissions; no registers or notes) read from {@code /proc/<pid>/mem} while the process runs: it is not
 * stopped, so the dump is not a consistent snapshot, which is the price of not freezing a production process (gcore
 * would ptrace-stop it). Pages the kernel refuses to read are zeros. Device mappings and the kernel's [vvar] /
 * [vsyscall] pages are left out. The whole-machine dump is a tar of {@code <pid>-<name>.core} files; with
 * {@code compress} either form is a zip (deflated) at the object's name with ".zip" appended, as cbapi expects.
 */
final class MemoryDump {

    private static final int CHUNK = 1 << 20;
    private static final int PAGE = 4096;
    private static final int EHDR = 64;
    private static final int PHDR = 56;
    private static final int SHDR = 64;
    /** e_phnum's "more segments than fit here; the count is in section header 0" (ELF's PN_XNUM). */
    private static final int PN_XNUM = 0xFFFF;
    /** ERROR_DISK_FULL as an HRESULT. */
    static final long E_DISK_FULL = 0x80070070L;
    /** The largest dump written unless the sensor is built with another cap. */
    static final long DEFAULT_MAX_BYTES = 64L << 30;

    /** One readable mapping of {@code /proc/<pid>/maps}. */
    record Region(long start, long end, boolean write, boolean exec) {
        long size() {
            return end - start;
        }
    }

    private final LongPredicate includeInMachineDump;
    private final long maxBytes;
    private final LongConsumer progress;

    /** The sensor's: a whole-machine dump covers every process but the sensor. */
    MemoryDump() {
        this(pid -> pid != ProcessHandle.current().pid(), DEFAULT_MAX_BYTES, written -> {});
    }

    /**
     * Tests narrow the whole-machine dump to processes they started, lower the cap on a dump's size, and watch its
     * progress ({@code progress} gets the bytes written so far after each chunk).
     */
    MemoryDump(LongPredicate includeInMachineDump, long maxBytes, LongConsumer progress) {
        this.includeInMachineDump = includeInMachineDump;
        this.maxBytes = maxBytes;
        this.progress = progress;
    }

    MemoryDump(LongPredicate includeInMachineDump) {
        this(includeInMachineDump, DEFAULT_MAX_BYTES, written -> {});
    }

    /**
     * Writes the dump to {@code target} (".zip" appended when compressed) and answers the file written. The file
     * must not exist; a failed or cancelled dump leaves none.
     */
    Path dump(Long pid, Path target, boolean compress, Cancellation cancellation)
            throws CommandFailure, InterruptedException {
        Path out = compress ? target.resolveSibling(target.getFileName() + ".zip") : target;
        if (pid != null && !Files.isDirectory(Path.of("/proc", pid.toString()))) {
            throw CommandFailure.invalid("no process with pid " + pid);
        }
        OutputStream created;
        try {
            // a process's memory holds its secrets: the dump is the sensor user's alone from its creation on
            created = Channels.newOutputStream(Files.newByteChannel(
                    out,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
        } catch (IOException e) {
            throw CommandFailure.of(e, out);
        }
        boolean done = false;
        try {
            // what is dumped is decided first, so that its size can be checked against the space there is
            List<Core> plan = new ArrayList<>();
            if (pid != null) {
                plan.add(new Core(target.getFileName().toString(), pid, regions(pid)));
            } else {
                for (ProcessTable.ProcessEntry p : processesOfMachine()) {
                    List<Region> regions = readableRegions(p.pid());
                    if (regions != null) plan.add(new Core(entryName(p), p.pid(), regions));
                }
            }
            long budget = budget(out);
            long size = pid == null ? 1024 : 0;
            for (Core c : plan) size += coreSize(c.regions()) + (pid == null ? 512 + 511 : 0);
            if (!compress && size > budget) throw tooLarge(out, size, budget);
            try (OutputStream file = new BufferedOutputStream(new Budgeted(created, budget), CHUNK)) {
                Cores cores = compress ? new ZipCores(file) : pid != null ? new BareCore(file) : new TarCores(file);
                for (Core c : plan) cores.add(c.name(), c.pid(), c.regions(), cancellation);
                cores.finish();
            }
            done = true;
        } catch (ClosedByInterruptException e) {
            throw new InterruptedException("memdump cancelled");
        } catch (Budgeted.Exceeded e) {
            throw tooLarge(out, e.wanted, e.budget);
        } catch (IOException e) {
            if (cancellation.cancelled() || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("memdump cancelled");
            }
            throw CommandFailure.of(e, out);
        } finally {
            try {
                created.close();
            } catch (IOException ignored) {
                // closed already, or failed: either way nothing more is written
            }
            if (!done) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // best effort: the failure itself is what gets reported
                }
            }
        }
        return out;
    }

    private record Core(String name, long pid, List<Region> regions) {}

    /**
     * How much the dump may take: the cap, and never the file system's last 5% (at least 64 MiB, at most 1 GiB):
     * a dump must not fill the disk the machine runs on.
     */
    private long budget(Path out) throws IOException {
        FileStore store = Files.getFileStore(out);
        long reserve = Math.min(1L << 30, Math.max(64L << 20, store.getTotalSpace() / 20));
        return Math.max(0, Math.min(maxBytes, store.getUsableSpace() - reserve));
    }

    private static CommandFailure tooLarge(Path out, long size, long budget) {
        return new CommandFailure(
                E_DISK_FULL,
                out + ": the dump needs " + (size == Long.MAX_VALUE ? "more than " + budget : size)
                        + " bytes; at most " + budget
                        + " may be written there (the cap, and the file system's free space less a reserve)");
    }

    /** Counts what is written and refuses to go past the budget. */
    private final class Budgeted extends java.io.FilterOutputStream {
        static final class Exceeded extends IOException {
            final long wanted;
            final long budget;

            Exceeded(long wanted, long budget) {
                super("over budget");
                this.wanted = wanted;
                this.budget = budget;
            }
        }

        private final long budget;
        private long written;

        Budgeted(OutputStream out, long budget) {
            super(out);
            this.budget = budget;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written + len > budget) throw new Exceeded(Long.MAX_VALUE, budget);
            out.write(b, off, len);
            written += len;
            progress.accept(written);
        }
    }

    private List<ProcessTable.ProcessEntry> processesOfMachine() throws CommandFailure {
        return ProcessTable.snapshot().stream()
                .filter(p -> includeInMachineDump.test(p.pid()))
                .toList();
    }

    private static String entryName(ProcessTable.ProcessEntry p) {
        return p.pid() + "-" + p.comm().replaceAll("[^A-Za-z0-9._-]", "_") + ".core";
    }

    /**
     * The process's readable regions, or null when the sensor may not read its memory, it has none or it is gone
     * (another user's process when not root, kernel threads, exited processes).
     */
    private static List<Region> readableRegions(long pid) {
        try (FileChannel ignored = FileChannel.open(Path.of("/proc", Long.toString(pid), "mem"))) {
            List<Region> r = regions(pid);
            return r.isEmpty() ? null : r;
        } catch (CommandFailure | IOException e) {
            return null;
        }
    }

    /**
     * The mappings of {@code /proc/<pid>/smaps} worth dumping: readable ones, except those the kernel marks as I/O
     * or raw page-frame mappings (VmFlags {@code io}, {@code pf}: device memory, where a read can have side effects
     * or hang), mappings of character and block devices, and the kernel's [vvar] and [vsyscall] pages. Shared memory
     * ({@code /dev/shm}, memfd, {@code /dev/zero (deleted)} for shared anonymous memory) is process memory and kept.
     */
    static List<Region> regions(long pid) throws CommandFailure {
        Path smaps = Path.of("/proc", Long.toString(pid), "smaps");
        List<String> lines;
        try {
            lines = Files.readAllLines(smaps, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CommandFailure.of(e, smaps);
        }
        List<Region> regions = new ArrayList<>();
        Map<String, Boolean> devices = new HashMap<>();
        Region pending = null;
        for (String line : lines) {
            String[] f = line.split("\\s+", 6);
            if (MAPPING.matcher(f[0]).matches() && f.length >= 5) {
                if (pending != null) regions.add(pending); // a kernel without VmFlags: keep what maps showed
                pending = null;
                if (f[1].charAt(0) != 'r') continue;
                String name = f.length > 5 ? f[5].trim() : "";
                if (name.startsWith("[vvar") || name.equals("[vsyscall]") || isDevice(name, devices)) continue;
                int dash = f[0].indexOf('-');
                long start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
                long end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
                if (start < 0 || end <= start) continue; // above the user address space
                pending = new Region(start, end, f[1].charAt(1) == 'w', f[1].charAt(2) == 'x');
            } else if (pending != null && f[0].equals("VmFlags:")) {
                List<String> flags =
                        List.of(line.substring("VmFlags:".length()).trim().split("\\s+"));
                if (!flags.contains("io") && !flags.contains("pf")) regions.add(pending);
                pending = null;
            }
        }
        if (pending != null) regions.add(pending);
        return regions;
    }

    private static final java.util.regex.Pattern MAPPING = java.util.regex.Pattern.compile("[0-9a-f]+-[0-9a-f]+");

    /** Whether a mapping's name is a character or block device (as this sensor sees the file system). */
    private static boolean isDevice(String name, Map<String, Boolean> seen) {
        if (!name.startsWith("/") || name.endsWith(" (deleted)")) return false;
        return seen.computeIfAbsent(name, n -> {
            try {
                return Files.readAttributes(Path.of(n), java.nio.file.attribute.PosixFileAttributes.class)
                        .isOther();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
    }

    /** The ELF header, the program headers and, past 65,534 segments, the section header that counts them. */
    static long headerSize(int segments) {
        long raw = EHDR + (long) PHDR * segments + (segments >= PN_XNUM ? SHDR : 0);
        return (raw + PAGE - 1) / PAGE * PAGE;
    }

    static long coreSize(List<Region> regions) {
        long size = headerSize(regions.size());
        for (Region r : regions) size += r.size();
        return size;
    }

    /**
     * The core's headers for {@code regions}, padded to a page. Past 65,534 segments e_phnum is PN_XNUM and the
     * real count is in section header 0's sh_info, as the kernel writes such cores.
     */
    static ByteBuffer header(List<Region> regions) {
        int n = regions.size();
        boolean xnum = n >= PN_XNUM;
        long offset = headerSize(n);
        ByteBuffer h = ByteBuffer.allocate((int) offset).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        h.putShort((short) 4); // ET_CORE
        h.putShort(elfMachine());
        h.putInt(1);
        h.putLong(0); // entry
        h.putLong(EHDR); // program headers right after this header
        h.putLong(xnum ? EHDR + (long) PHDR * n : 0); // the section header, only to count segments
        h.putInt(0);
        h.putShort((short) EHDR);
        h.putShort((short) PHDR);
        h.putShort((short) (xnum ? PN_XNUM : n));
        h.putShort((short) (xnum ? SHDR : 0));
        h.putShort((short) (xnum ? 1 : 0));
        h.putShort((short) 0);
        for (Region r : regions) {
            h.putInt(1); // PT_LOAD
            h.putInt(4 | (r.write() ? 2 : 0) | (r.exec() ? 1 : 0));
            h.putLong(offset);
            h.putLong(r.start());
            h.putLong(0);
            h.putLong(r.size());
            h.putLong(r.size());
            h.putLong(PAGE);
            offset += r.size();
        }
        if (xnum) h.putInt(EHDR + PHDR * n + 44, n); // sh_info of section header 0 (SHT_NULL)
        return h;
    }

    /** Writes exactly {@link #coreSize} bytes. */
    static void writeCore(long pid, List<Region> regions, OutputStream out, Cancellation cancellation)
            throws IOException, InterruptedException {
        ByteBuffer h = header(regions);
        out.write(h.array());
        byte[] chunk = new byte[CHUNK];
        ByteBuffer buf = ByteBuffer.wrap(chunk);
        try (FileChannel mem = FileChannel.open(Path.of("/proc", Long.toString(pid), "mem"))) {
            for (Region r : regions) {
                for (long at = r.start(); at < r.end(); at += CHUNK) {
                    if (cancellation.cancelled() || Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException("memdump cancelled");
                    }
                    int len = (int) Math.min(CHUNK, r.end() - at);
                    buf.clear().limit(len);
                    readFully(mem, buf, at);
                    // what could not be read (a guard page, an I/O mapping) stays zeros
                    java.util.Arrays.fill(chunk, buf.position(), len, (byte) 0);
                    out.write(chunk, 0, len);
                }
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            // the process exited before we opened its memory: its regions are zeros
            byte[] zeros = new byte[CHUNK];
            for (Region r : regions) {
                for (long left = r.size(); left > 0; left -= CHUNK) out.write(zeros, 0, (int) Math.min(CHUNK, left));
            }
        }
    }

    private static void readFully(FileChannel mem, ByteBuffer buf, long at) throws ClosedByInterruptException {
        while (buf.hasRemaining()) {
            try {
                int n = mem.read(buf, at + buf.position());
                if (n <= 0) return;
            } catch (ClosedByInterruptException e) {
                throw e;
            } catch (IOException unreadable) {
                // EIO for pages the kernel will not hand out: skip a page and go on
                int skip = Math.min(PAGE - (int) ((at + buf.position()) % PAGE), buf.remaining());
                java.util.Arrays.fill(buf.array(), buf.position(), buf.position() + skip, (byte) 0);
                buf.position(buf.position() + skip);
            }
        }
    }

    private static short elfMachine() {
        return switch (System.getProperty("os.arch")) {
            case "aarch64" -> (short) 183;
            case "riscv64" -> (short) 243;
            default -> (short) 62; // x86-64
        };
    }

    /** Where the cores go: the output file itself (one process), a tar, or a zip. */
    private interface Cores {
        void add(String name, long pid, List<Region> regions, Cancellation cancellation)
                throws IOException, InterruptedException;

        void finish() throws IOException;
    }

    private record BareCore(OutputStream out) implements Cores {
        @Override
        public void add(String name, long pid, List<Region> regions, Cancellation cancellation)
                throws IOException, InterruptedException {
            writeCore(pid, regions, out, cancellation);
        }

        @Override
        public void finish() {}
    }

    private record TarCores(OutputStream out) implements Cores {
        @Override
        public void add(String name, long pid, List<Region> regions, Cancellation cancellation)
                throws IOException, InterruptedException {
            long size = coreSize(regions);
            out.write(Tar.header(name, size));
            writeCore(pid, regions, out, cancellation);
            out.write(new byte[Tar.padding(size)]);
        }

        @Override
        public void finish() throws IOException {
            out.write(Tar.end());
        }
    }

    private static final class ZipCores implements Cores {
        private final ZipOutputStream zip;

        ZipCores(OutputStream out) {
            zip = new ZipOutputStream(out);
        }

        @Override
        public void add(String name, long pid, List<Region> regions, Cancellation cancellation)
                throws IOException, InterruptedException {
            zip.putNextEntry(new ZipEntry(name));
            writeCore(pid, regions, zip, cancellation);
            zip.closeEntry();
        }

        @Override
        public void finish() throws IOException {
            zip.finish();
        }
    }

    /** The little of ustar a whole-machine dump needs: regular files, sizes past 8 GiB in base-256. */
    static final class Tar {
        private Tar() {}

        static byte[] header(String name, long size) {
            byte[] h = new byte[512];
            put(h, 0, name.length() > 99 ? name.substring(0, 99) : name);
            put(h, 100, "0000600");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            if (size < 077777777777L) {
                put(h, 124, String.format("%011o", size));
            } else {
                h[124] = (byte) 0x80;
                for (int i = 0; i < 8; i++) h[135 - i] = (byte) (size >>> (8 * i));
            }
            put(h, 136, String.format("%011o", System.currentTimeMillis() / 1000));
            h[156] = '0';
            put(h, 257, "ustar");
            h[263] = '0';
            h[264] = '0';
            java.util.Arrays.fill(h, 148, 156, (byte) ' ');
            int sum = 0;
            for (byte b : h) sum += b & 0xff;
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            h[155] = ' ';
            return h;
        }

        static int padding(long size) {
            return (int) ((512 - size % 512) % 512);
        }

        static byte[] end() {
            return new byte[1024];
        }

        private static void put(byte[] h, int at, String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, h, at, b.length);
        }
    }
}
