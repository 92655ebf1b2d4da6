package io.lampblack.sensor.telemetry;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.io.IOException;
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
        List<String> lines;
        try {
            lines = Files.readAllLines(maps);
        } catch (IOException | RuntimeException e) {
            return;
        }
        Set<String> seen = loaded.get(image);
        List<String> fresh = new ArrayList<>();
        for (String line : lines) {
            // "address perms offset dev inode path": read by hand, as a JVM's maps run to thousands of lines.
            int perms = line.indexOf(' ') + 1;
            if (perms <= 0 || perms + 4 > line.length() || line.charAt(perms + 2) != 'x') {
                continue;
            }
            int slash = line.indexOf('/', perms);
            if (slash < 0) {
                continue;
            }
            int offset = line.indexOf(' ', perms) + 1;
            int dev = line.indexOf(' ', offset) + 1;
            int inode = line.indexOf(' ', dev) + 1;
            int inodeEnd = line.indexOf(' ', inode);
            if (offset <= 0 || dev <= 0 || inode <= 0 || inodeEnd < 0 || inodeEnd > slash) {
                continue;
            }
            if (seen.add(line.substring(dev, inodeEnd))) {
                String path = line.substring(slash);
                fresh.add(path.endsWith(" (deleted)") ? path.substring(0, path.length() - 10) : path);
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
}
