package io.lampblack.sensor.telemetry;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Module loads from the executable file mappings of each process ({@code /proc/<pid>/maps}): a file newly mapped
 * executable (a shared object, the program itself, a library opened with dlopen) is reported once per process, with
 * its MD5. A process is read at the first scan after it started, then again in turn with the others (a bounded number
 * per scan), so a library loaded late is reported up to a few rounds after it was loaded. Forked children that did not
 * exec share their process's mappings and are not read separately.
 */
final class ModuleWatcher {

    /** Processes read again per scan, besides the new ones. */
    private static final int REREAD_PER_SCAN = 4;

    private final ProcFs proc;
    private final ProcessTracker tracker;
    private final FileHasher hasher;
    private final BinaryCatalog binaries;
    private final OrderedEmitter emitter;
    /** Per process (pid, create time), the files (device:inode) already reported. */
    private final Map<ProcessImage, Set<String>> loaded = new HashMap<>();

    private final Deque<ProcessImage> turn = new ArrayDeque<>();

    ModuleWatcher(
            ProcFs proc, ProcessTracker tracker, FileHasher hasher, BinaryCatalog binaries, OrderedEmitter emitter) {
        this.proc = proc;
        this.tracker = tracker;
        this.hasher = hasher;
        this.binaries = binaries;
        this.emitter = emitter;
    }

    void scan() {
        Set<ProcessImage> alive = new HashSet<>();
        for (int pid : tracker.pids()) {
            tracker.imageOf(pid).filter(image -> image.pid() == pid).ifPresent(alive::add);
        }
        loaded.keySet().retainAll(alive);
        turn.removeIf(image -> !alive.contains(image));
        for (ProcessImage image : alive) {
            if (!loaded.containsKey(image)) {
                loaded.put(image, new HashSet<>());
                read(image);
                turn.addLast(image);
            }
        }
        for (int i = 0; i < REREAD_PER_SCAN && !turn.isEmpty(); i++) {
            ProcessImage image = turn.pollFirst();
            read(image);
            turn.addLast(image);
        }
    }

    private void read(ProcessImage image) {
        Path maps = proc.root().resolve(Integer.toString(image.pid())).resolve("maps");
        Set<String> seen = loaded.get(image);
        List<String> fresh = new ArrayList<>();
        // Read a line at a time (a process may map tens of thousands of files; the sensor's heap is small), decoded
        // leniently (a file name that is not UTF-8 must not hide the process's other modules). A read cut short (the
        // process exited) still reports what was read.
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(Files.newInputStream(maps), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                note(line, seen, fresh);
            }
        } catch (IOException | RuntimeException e) {
            if (fresh.isEmpty()) {
                return;
            }
        }
        long ts = CbEvents.now();
        for (String entry : fresh) {
            Path path = Path.of(entry);
            var hash = hasher.hash(path, path);
            emitter.submit(hash, () -> {
                List<CbEventMsg> out = new ArrayList<>(2);
                out.addAll(binaries.describe(hash.getNow(Optional.empty()), ts));
                out.add(CbEvents.moduleLoad(image, 0, entry, hash.getNow(Optional.empty()), ts));
                return out;
            });
        }
    }

    /** One line of maps: an executable mapping of a file not seen in this process yet goes to {@code fresh}. */
    private static void note(String line, Set<String> seen, List<String> fresh) {
        // "address perms offset dev inode path": read by hand, as a JVM's maps run to thousands of lines.
        int perms = line.indexOf(' ') + 1;
        if (perms <= 0 || perms + 4 > line.length() || line.charAt(perms + 2) != 'x') {
            return;
        }
        int slash = line.indexOf('/', perms);
        if (slash < 0) {
            return;
        }
        int offset = line.indexOf(' ', perms) + 1;
        int dev = line.indexOf(' ', offset) + 1;
        int inode = line.indexOf(' ', dev) + 1;
        int inodeEnd = line.indexOf(' ', inode);
        if (offset <= 0 || dev <= 0 || inode <= 0 || inodeEnd < 0 || inodeEnd > slash) {
            return;
        }
        if (seen.add(line.substring(dev, inodeEnd))) {
            String path = line.substring(slash);
            fresh.add(path.endsWith(" (deleted)") ? path.substring(0, path.length() - 10) : path);
        }
    }
}
