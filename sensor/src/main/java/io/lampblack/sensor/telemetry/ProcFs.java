package io.lampblack.sensor.telemetry;

import io.lampblack.protocol.FileTimes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what {@code /proc} tells about processes. Process start times are turned into FILETIME from the boot time
 * ({@code btime} of {@code /proc/stat}, whole seconds, fixed while the machine runs) plus the process's start in clock
 * ticks since boot: the same process gets the same create time however often, and by however many sensor runs, it is
 * read, which keeps its GUID stable.
 */
final class ProcFs {

    /** USER_HZ: the unit of /proc's tick counts, 100 on every Linux architecture the sensor targets. */
    static final long TICKS_PER_SECOND = 100;

    private static final long FILETIME_PER_TICK = 10_000_000L / TICKS_PER_SECOND;
    private static final int MAX_CMDLINE = 32 * 1024;

    /**
     * What one read of {@code /proc/<pid>} found: {@code exe} "" when unknown, {@code startTicks} -1 and {@code ppid} 0
     * when the process was gone before they were read, {@code uid} -1 when unknown.
     */
    record Facts(int pid, int ppid, long startTicks, String exe, String cmdline, int uid) {}

    private final Path root;
    private final long bootFileTime;

    ProcFs(Path root) {
        this.root = root;
        this.bootFileTime = FileTimes.fromEpochMillis(bootEpochSeconds(root) * 1000);
    }

    Path root() {
        return root;
    }

    /** FILETIME of a process start given in ticks since boot. */
    long fileTimeOfTicks(long ticks) {
        return bootFileTime + ticks * FILETIME_PER_TICK;
    }

    /** FILETIME of a kernel timestamp in nanoseconds since boot, cut to ticks as /proc would show it. */
    long fileTimeOfBootNanos(long nanos) {
        return fileTimeOfTicks(nanos / (1_000_000_000L / TICKS_PER_SECOND));
    }

    /** The pids (thread-group ids) now in /proc. */
    List<Integer> pids() {
        List<Integer> out = new ArrayList<>(512);
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.isEmpty() && name.charAt(0) >= '1' && name.charAt(0) <= '9') {
                    try {
                        out.add(Integer.parseInt(name));
                    } catch (NumberFormatException ignored) {
                        // not a process directory
                    }
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** The start time (ticks since boot) and parent of a process, without the costlier reads. */
    Optional<long[]> startAndParent(int pid) {
        try {
            // Decoded leniently: the process name in it is whatever bytes the program chose (readString would throw).
            String stat = new String(
                    Files.readAllBytes(root.resolve(Integer.toString(pid)).resolve("stat")), StandardCharsets.UTF_8);
            // "pid (comm) state ppid ..." - comm may hold spaces and parentheses, so parse after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new long[] {Long.parseLong(f[19]), Long.parseLong(f[1])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Everything the telemetry reports about a process, or empty when it is gone (or was never there). The executable
     * is read first: a short-lived process is often gone a moment later, and its program is what matters most. When
     * the process went away after that, the facts carry the program with start ticks -1 and parent 0 (unknown).
     */
    Optional<Facts> read(int pid) {
        Path dir = root.resolve(Integer.toString(pid));
        Optional<String> link = exeLink(dir);
        Optional<long[]> sp = startAndParent(pid);
        if (sp.isEmpty()) {
            return link.map(exe -> new Facts(pid, 0, -1, exe, "", -1));
        }
        String cmdline = cmdline(dir);
        String exe = link.orElseGet(() -> firstWordIfAbsolute(cmdline));
        int uid;
        try {
            uid = (Integer) Files.getAttribute(dir, "unix:uid");
        } catch (IOException | RuntimeException e) {
            uid = -1;
        }
        return Optional.of(new Facts(pid, (int) sp.get()[1], sp.get()[0], exe, cmdline, uid));
    }

    private static String cmdline(Path dir) {
        try {
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            int n = Math.min(raw.length, MAX_CMDLINE);
            while (n > 0 && raw[n - 1] == 0) {
                n--;
            }
            for (int i = 0; i < n; i++) {
                if (raw[i] == 0) {
                    raw[i] = ' ';
                }
            }
            return new String(raw, 0, n, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The executable's path, when this user may read the link (else another user's process, as a normal user). */
    private static Optional<String> exeLink(Path dir) {
        try {
            String target = Files.readSymbolicLink(dir.resolve("exe")).toString();
            return Optional.of(target.endsWith(" (deleted)") ? target.substring(0, target.length() - 10) : target);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Without the exe link, the first word of the command line when it is an absolute path; else unknown (""). */
    private static String firstWordIfAbsolute(String cmdline) {
        int space = cmdline.indexOf(' ');
        String first = space < 0 ? cmdline : cmdline.substring(0, space);
        return first.startsWith("/") ? first : "";
    }

    private static long bootEpochSeconds(Path root) {
        try {
            for (String line : Files.readAllLines(root.resolve("stat"))) {
                if (line.startsWith("btime ")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: derive it from the uptime
        }
        try {
            String up = Files.readString(root.resolve("uptime"));
            double seconds = Double.parseDouble(up.substring(0, up.indexOf(' ')));
            return System.currentTimeMillis() / 1000 - (long) seconds;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
