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
import java.util.List;
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
 *
 * <p>The sensor's heap is small and a process may have hundreds of thousands of mappings: the mappings of one
 * process at a time are held, packed ({@link MemoryRegions}), and its core's headers are streamed.
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
            // one process's mappings are held at a time, and only while its core is written: a machine whose
            // processes have millions of mappings between them must not need them all in the sensor's heap
            long budget = budget(out);
            if (pid != null) {
                MemoryRegions regions = MemoryRegions.read(pid);
                if (!compress && coreSize(regions) > budget) throw tooLarge(out, coreSize(regions), budget);
                try (OutputStream file = new BufferedOutputStream(new Budgeted(created, budget), CHUNK)) {
                    Cores cores = compress ? new ZipCores(file) : new BareCore(file);
                    cores.add(target.getFileName().toString(), pid, regions, cancellation);
                    cores.finish();
                }
            } else {
                List<ProcessTable.ProcessEntry> processes = processesOfMachine();
                // uncompressed, the size is known before writing: a dump that cannot fit is refused before it fills
                // the disk (the budget still stops one whose processes grew meanwhile)
                if (!compress) {
                    long size = machineDumpSize(processes, cancellation);
                    if (size > budget) throw tooLarge(out, size, budget);
                }
                try (OutputStream file = new BufferedOutputStream(new Budgeted(created, budget), CHUNK)) {
                    Cores cores = compress ? new ZipCores(file) : new TarCores(file);
                    for (ProcessTable.ProcessEntry p : processes) {
                        MemoryRegions regions = readableRegions(p.pid());
                        if (regions != null) cores.add(entryName(p), p.pid(), regions, cancellation);
                    }
                    cores.finish();
                }
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

    /** A tar of the cores of {@code processes} as they are mapped now. */
    private static long machineDumpSize(List<ProcessTable.ProcessEntry> processes, Cancellation cancellation)
            throws InterruptedException {
        long size = Tar.end().length;
        for (ProcessTable.ProcessEntry p : processes) {
            if (cancellation.cancelled() || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("memdump cancelled");
            }
            MemoryRegions regions = readableRegions(p.pid());
            if (regions != null) size += 512 + coreSize(regions) + Tar.padding(coreSize(regions));
        }
        return size;
    }

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
     * (another user's process when not root, kernel threads, exited processes), or it has more mappings than are
     * held ({@link MemoryRegions#MAX_MAPPINGS}).
     */
    private static MemoryRegions readableRegions(long pid) {
        try (FileChannel ignored = FileChannel.open(Path.of("/proc", Long.toString(pid), "mem"))) {
            MemoryRegions r = MemoryRegions.read(pid);
            return r.count() == 0 ? null : r;
        } catch (CommandFailure | IOException e) {
            return null;
        }
    }

    /** The ELF header, the program headers and, past 65,534 segments, the section header that counts them. */
    static long headerSize(int segments) {
        long raw = EHDR + (long) PHDR * segments + (segments >= PN_XNUM ? SHDR : 0);
        return (raw + PAGE - 1) / PAGE * PAGE;
    }

    static long coreSize(MemoryRegions regions) {
        return headerSize(regions.count()) + regions.bytes();
    }

    /**
     * Writes the core's headers for {@code regions}, padded to a page, a batch of program headers at a time (a
     * process with 100,000 mappings has 5.6 MB of them). Past 65,534 segments e_phnum is PN_XNUM and the real count
     * is in section header 0's sh_info, as the kernel writes such cores.
     */
    static void writeHeader(MemoryRegions regions, OutputStream out) throws IOException {
        int n = regions.count();
        boolean xnum = n >= PN_XNUM;
        long offset = headerSize(n);
        ByteBuffer h = ByteBuffer.allocate(PHDR * 512).order(ByteOrder.LITTLE_ENDIAN);
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
        long written = 0;
        for (int i = 0; i < n; i++) {
            if (h.remaining() < PHDR) written += drain(h, out);
            h.putInt(1); // PT_LOAD
            h.putInt(4 | (regions.write(i) ? 2 : 0) | (regions.exec(i) ? 1 : 0));
            h.putLong(offset);
            h.putLong(regions.start(i));
            h.putLong(0);
            h.putLong(regions.size(i));
            h.putLong(regions.size(i));
            h.putLong(PAGE);
            offset += regions.size(i);
        }
        if (xnum) {
            if (h.remaining() < SHDR) written += drain(h, out);
            byte[] section = new byte[SHDR]; // SHT_NULL, all zeros but sh_info
            ByteBuffer.wrap(section).order(ByteOrder.LITTLE_ENDIAN).putInt(44, n);
            h.put(section);
        }
        written += drain(h, out);
        byte[] zeros = new byte[PAGE];
        for (long left = headerSize(n) - written; left > 0; left -= PAGE)
            out.write(zeros, 0, (int) Math.min(PAGE, left));
    }

    private static int drain(ByteBuffer h, OutputStream out) throws IOException {
        int len = h.position();
        out.write(h.array(), 0, len);
        h.clear();
        return len;
    }

    /** Writes exactly {@link #coreSize} bytes. */
    static void writeCore(long pid, MemoryRegions regions, OutputStream out, Cancellation cancellation)
            throws IOException, InterruptedException {
        writeHeader(regions, out);
        byte[] chunk = new byte[CHUNK];
        ByteBuffer buf = ByteBuffer.wrap(chunk);
        try (FileChannel mem = FileChannel.open(Path.of("/proc", Long.toString(pid), "mem"))) {
            for (int i = 0; i < regions.count(); i++) {
                long end = regions.end(i);
                for (long at = regions.start(i); at < end; at += CHUNK) {
                    if (cancellation.cancelled() || Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException("memdump cancelled");
                    }
                    int len = (int) Math.min(CHUNK, end - at);
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
            for (long left = regions.bytes(); left > 0; left -= CHUNK) out.write(zeros, 0, (int) Math.min(CHUNK, left));
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
        void add(String name, long pid, MemoryRegions regions, Cancellation cancellation)
                throws IOException, InterruptedException;

        void finish() throws IOException;
    }

    private record BareCore(OutputStream out) implements Cores {
        @Override
        public void add(String name, long pid, MemoryRegions regions, Cancellation cancellation)
                throws IOException, InterruptedException {
            writeCore(pid, regions, out, cancellation);
        }

        @Override
        public void finish() {}
    }

    private record TarCores(OutputStream out) implements Cores {
        @Override
        public void add(String name, long pid, MemoryRegions regions, Cancellation cancellation)
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
        public void add(String name, long pid, MemoryRegions regions, Cancellation cancellation)
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
