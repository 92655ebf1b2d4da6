package io.lampblack.sensor.liveresponse;

import io.lampblack.protocol.FileTimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * When a Linux process started, as the Windows FILETIME a process GUID carries ({@code process_create_time}).
 *
 * <p>The kernel gives a process's start as clock ticks since boot ({@code /proc/<pid>/stat} field 22, 100 ticks a
 * second on every Linux ABI Java runs on); the boot time is {@code btime} of {@code /proc/stat}, read once per
 * sensor run so that the GUID of a process never changes while the sensor runs (the kernel recomputes {@code btime}
 * from the wall clock, which NTP moves). Live response's process list and the telemetry must both derive GUIDs this
 * way so that a process has the same GUID in both.
 */
public final class ProcessStartTime {

    /** USER_HZ: the unit of {@code starttime}, fixed at 100 by the kernel's ABI. */
    public static final int TICKS_PER_SECOND = 100;

    private static volatile Long bootEpochSeconds;

    private ProcessStartTime() {}

    /** FILETIME of a process that started {@code startTicks} clock ticks after boot. */
    public static long fileTime(long startTicks) {
        long millis = bootEpochSeconds() * 1000 + startTicks * (1000 / TICKS_PER_SECOND);
        return FileTimes.fromEpochMillis(millis);
    }

    /** Epoch seconds of a process that started {@code startTicks} clock ticks after boot. */
    public static long epochSeconds(long startTicks) {
        return bootEpochSeconds() + startTicks / TICKS_PER_SECOND;
    }

    /** The {@code btime} of {@code /proc/stat}, as first read by this sensor. */
    public static long bootEpochSeconds() {
        Long b = bootEpochSeconds;
        if (b == null) {
            synchronized (ProcessStartTime.class) {
                if (bootEpochSeconds == null) bootEpochSeconds = readBootTime();
                b = bootEpochSeconds;
            }
        }
        return b;
    }

    /**
     * The start of {@code pid} in clock ticks since boot, from {@code /proc/<pid>/stat}; -1 when the process is gone
     * or the file cannot be read.
     */
    public static long startTicks(long pid) {
        try {
            return ProcStat.parse(new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat")), StandardCharsets.UTF_8))
                    .startTicks();
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
    }

    private static long readBootTime() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("btime "))
                    return Long.parseLong(line.substring(6).trim());
            }
            throw new IllegalStateException("/proc/stat has no btime line");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
    }

    /**
     * The fields of {@code /proc/<pid>/stat} live response uses. The command name is in parentheses and may itself
     * hold spaces and parentheses, so fields are counted from the last ')'.
     */
    record ProcStat(long pid, String comm, long ppid, long startTicks) {
        static ProcStat parse(String stat) {
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < open) throw new IllegalArgumentException("not a /proc stat line: " + stat);
            String[] rest = stat.substring(close + 2).trim().split(" ");
            if (rest.length < 20) throw new IllegalArgumentException("short /proc stat line: " + stat);
            return new ProcStat(
                    Long.parseLong(stat.substring(0, open).trim()),
                    stat.substring(open + 1, close),
                    Long.parseLong(rest[1]),
                    Long.parseLong(rest[19]));
        }
    }
}
