package io.lampblack.sensor.liveresponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.ProcessGuid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code process list} from {@code /proc}: every process this sensor may see, with the fields Carbon Black's
 * sensor reports. {@code sid} is the effective uid as text (Linux has no SIDs); {@code username} its name from
 * {@code /etc/passwd}, or the uid when it has none there. The path of a process whose executable the sensor may
 * not read (another user's, when not root) or that has none (kernel threads) is empty, as is a kernel thread's
 * command line. The list is at most {@link ResultSize#MAX_BYTES} of JSON (thousands of processes with command
 * lines of tens of kilobytes would make more than the server takes): beyond, the command fails (E_FAIL).
 */
final class ProcessTable {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Path PROC = Path.of("/proc");
    static final int MAX_COMMAND_LINE = 32 * 1024;

    private ProcessTable() {}

    /** One running process, as read from {@code /proc}. */
    record ProcessEntry(long pid, long ppid, String comm, long startTicks) {}

    static List<ProcessEntry> snapshot() throws CommandFailure {
        List<ProcessEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs =
                Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                try {
                    var stat = ProcessStartTime.ProcStat.parse(
                            new String(Files.readAllBytes(dir.resolve("stat")), StandardCharsets.UTF_8));
                    out.add(new ProcessEntry(stat.pid(), stat.ppid(), stat.comm(), stat.startTicks()));
                } catch (IOException | IllegalArgumentException gone) {
                    // exited while we listed: not running any more
                }
            }
        } catch (IOException e) {
            throw CommandFailure.of(e, PROC);
        }
        return out;
    }

    static ArrayNode list(int sensorId) throws CommandFailure {
        List<ProcessEntry> processes = snapshot();
        Map<Long, Long> startOf = new HashMap<>();
        for (ProcessEntry p : processes) startOf.put(p.pid(), p.startTicks());
        Map<Long, String> users = usersByUid();
        ArrayNode out = NODES.arrayNode();
        ResultSize size = new ResultSize("the process list is too large to send: " + processes.size()
                + " processes, some with long command lines (the telemetry's process events carry them)");
        for (ProcessEntry p : processes) {
            Path dir = PROC.resolve(Long.toString(p.pid()));
            ObjectNode o = NODES.objectNode();
            o.put("pid", p.pid());
            o.put("create_time", ProcessStartTime.epochSeconds(p.startTicks()));
            o.put("proc_guid", guid(sensorId, p.pid(), ProcessStartTime.fileTime(p.startTicks())));
            o.put("parent", p.ppid());
            Long parentStart = startOf.get(p.ppid());
            o.put(
                    "parent_guid",
                    guid(sensorId, p.ppid(), parentStart == null ? 0 : ProcessStartTime.fileTime(parentStart)));
            o.put("path", exe(dir));
            o.put("command_line", commandLine(dir));
            long uid = effectiveUid(dir);
            o.put("sid", uid < 0 ? "" : Long.toString(uid));
            o.put("username", uid < 0 ? "" : users.getOrDefault(uid, Long.toString(uid)));
            size.add(o);
            out.add(o);
        }
        return out;
    }

    static String guid(int sensorId, long pid, long createFileTime) {
        return new ProcessGuid(sensorId, (int) pid, createFileTime).toString();
    }

    private static String exe(Path dir) {
        try {
            return Files.readSymbolicLink(dir.resolve("exe")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** The arguments joined by spaces, an argument holding a space or a quote in double quotes. */
    static String commandLine(Path dir) {
        byte[] raw;
        try {
            // a command line can be megabytes; the start of it says what the process is
            try (var in = Files.newInputStream(dir.resolve("cmdline"))) {
                raw = in.readNBytes(MAX_COMMAND_LINE);
            }
        } catch (IOException e) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int start = 0;
        int end = raw.length;
        if (end > 0 && raw[end - 1] == 0) end--;
        if (end <= 0) return "";
        for (int i = 0; i <= end; i++) {
            if (i == end || raw[i] == 0) {
                String arg = new String(raw, start, i - start, StandardCharsets.UTF_8);
                if (!sb.isEmpty()) sb.append(' ');
                boolean quote = arg.isEmpty() || arg.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '"');
                if (quote)
                    sb.append('"')
                            .append(arg.replace("\\", "\\\\").replace("\"", "\\\""))
                            .append('"');
                else sb.append(arg);
                start = i + 1;
            }
        }
        return sb.toString();
    }

    private static long effectiveUid(Path dir) {
        try {
            // Decoded leniently: its Name line is whatever bytes the program chose.
            for (String line :
                    new String(Files.readAllBytes(dir.resolve("status")), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return Long.parseLong(f.length > 1 ? f[1] : f[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone or unreadable: no user
        }
        return -1;
    }

    private static Map<Long, String> usersByUid() {
        Map<Long, String> users = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2 && isNumber(f[2])) users.putIfAbsent(Long.parseLong(f[2]), f[0]);
            }
        } catch (IOException e) {
            // no passwd file: uids are shown as numbers
        }
        return users;
    }

    static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 18) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }
}
