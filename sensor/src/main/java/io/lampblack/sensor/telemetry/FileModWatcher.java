package io.lampblack.sensor.telemetry;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg.CbFileModAction;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg.CbFileType;
import io.lampblack.sensor.telemetry.FileHasher.FileHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns file notifications from the watched directories into filemod events, the same way whichever kernel interface
 * delivered them: the first write to a file is reported as Write, the close after writing as LastWrite (with the MD5 of
 * executables and the file's type, as Carbon Black reports written binaries), creation as Create, removal as Delete.
 * A writer the notification names (fanotify) is the event's process; otherwise the event goes to the unknown writer
 * (pid -1 and the telemetry's start as create time, shown by the server as an unknown process).
 *
 * <p>The sensor's own writes are not reported: each upload empties the spool, which would be another write to report,
 * and so on. Its pid is known (fanotify names the writer); inotify names none, so the sensor's data directory, when
 * given, is neither watched nor reported, whoever writes there.
 */
final class FileModWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(FileModWatcher.class);

    /** Directories marked at most, counting subdirectories (kernel watches cost memory). */
    static final int MAX_DIRECTORIES = 10_000;

    /** Files remembered as being written (their first write reported, their close not yet seen), at most. */
    private static final int MAX_OPEN_WRITES = 10_000;

    private final List<Path> roots;
    /** The roots as the sources may name them (fanotify names files by their real path). */
    private final List<Path> rootNames;
    /** The sensor's data directory as the sources may name it (as given, and with links resolved). */
    private final List<Path> unreported;

    private final long ownPid;
    private final ProcessTracker tracker;
    private final FileHasher hasher;
    private final BinaryCatalog binaries;
    private final OrderedEmitter emitter;
    private final ProcessImage unknownWriter;
    private final Set<String> writing = new HashSet<>();
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean warned;

    FileModWatcher(
            List<Path> roots,
            Optional<Path> ownDataDirectory,
            long ownPid,
            ProcessTracker tracker,
            FileHasher hasher,
            BinaryCatalog binaries,
            OrderedEmitter emitter,
            long startFileTime) {
        // Absolute: inotify's events are named from the root as given.
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.rootNames = this.roots.stream().flatMap(p -> namesOf(p).stream()).toList();
        this.unreported = ownDataDirectory.map(FileModWatcher::namesOf).orElse(List.of());
        this.ownPid = ownPid;
        this.tracker = tracker;
        this.hasher = hasher;
        this.binaries = binaries;
        this.emitter = emitter;
        this.unknownWriter = ProcessImage.stub(-1, startFileTime);
    }

    /**
     * What a source is to change in its marks: directories to mark (new ones, and ones made again under a path already
     * marked, whose mark went with the old directory), each with its file key; and marked paths no longer there.
     */
    record Marking(Map<Path, Object> toMark, Set<Path> gone) {}

    /**
     * The watched directories and their subdirectories against what a source marked ({@code marked}: each path with
     * the file key it had when marked), up to the limit; the sensor's data directory and what is under it left out
     * (known by its inode as well: a watched path may reach it through a link).
     */
    Marking marking(Map<Path, Object> marked) {
        Map<Path, Object> seen = new LinkedHashMap<>();
        boolean[] cut = {false};
        Object own = ownDirectoryKey();
        for (Path root : roots) {
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (unreported(dir) || (own != null && own.equals(attrs.fileKey()))) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        if (seen.size() >= MAX_DIRECTORIES) {
                            cut[0] = true;
                            return FileVisitResult.TERMINATE;
                        }
                        seen.put(dir, attrs.fileKey());
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE; // gone or unreadable: the rest is still watched
                    }
                });
            } catch (IOException | RuntimeException e) {
                // a root that is gone or unreadable is watched again when it is back
            }
        }
        Map<Path, Object> toMark = new LinkedHashMap<>();
        seen.forEach((dir, key) -> {
            if (!Objects.equals(marked.get(dir), key)) {
                toMark.put(dir, key);
            }
        });
        // Past the limit some directories were not looked at: only what was seen is known to be there.
        Set<Path> gone = new HashSet<>();
        if (!cut[0]) {
            for (Path dir : marked.keySet()) {
                if (!seen.containsKey(dir)) {
                    gone.add(dir);
                }
            }
        }
        return new Marking(toMark, gone);
    }

    private Object ownDirectoryKey() {
        if (unreported.isEmpty()) {
            return null;
        }
        try {
            return Files.readAttributes(unreported.getFirst(), BasicFileAttributes.class)
                    .fileKey();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A notification: {@code writerPid} 0 when the interface does not name the writer. */
    void changed(Path path, CbFileModAction action, int writerPid) {
        if (writerPid == ownPid || unreported(path) || !watched(path)) {
            return;
        }
        String key = path.toString();
        synchronized (writing) {
            if (writing.size() > MAX_OPEN_WRITES) {
                writing.clear(); // files written and never closed (still open, or lost events): report writes again
            }
            if (action == CbFileModAction.actionFileModWrite && !writing.add(key)) {
                return; // reported at the first write; the next report is the close
            }
            if (action != CbFileModAction.actionFileModWrite) {
                writing.remove(key);
            }
        }
        ProcessImage writer = writerPid > 0 ? tracker.imageOf(writerPid).orElse(unknownWriter) : unknownWriter;
        int forkPid = writerPid > 0 ? writerPid : 0;
        long ts = CbEvents.now();
        if (action != CbFileModAction.actionFileModLastWrite) {
            emitter.submit(() -> List.of(
                    CbEvents.fileMod(writer, forkPid, action, key, Optional.empty(), CbFileType.filetypeUnknown, ts)));
            return;
        }
        CbFileType type = typeOf(path);
        CompletableFuture<Optional<FileHash>> hash = type == CbFileType.filetypeElf || type == CbFileType.filetypePe
                ? hasher.hash(path, path)
                : CompletableFuture.completedFuture(Optional.empty());
        emitter.submit(hash, () -> {
            List<CbEventMsg> out = new ArrayList<>(2);
            out.addAll(binaries.describe(hash.getNow(Optional.empty()), ts));
            out.add(CbEvents.fileMod(writer, forkPid, action, key, hash.getNow(Optional.empty()), type, ts));
            return out;
        });
    }

    /** The kernel's queue overflowed: an unknown number of notifications was lost. */
    void overflowed() {
        lost.incrementAndGet();
    }

    /** A notification that could not be handled: counted as lost, logged the first time. */
    void failed(RuntimeException e) {
        lost.incrementAndGet();
        if (!warned) {
            warned = true;
            LOG.warn("A file notification could not be handled; it is counted as missed (logged once)", e);
        }
    }

    /**
     * Overflows of the kernel's queues (each for an unknown number of lost notifications) and notifications that
     * could not be handled.
     */
    long lost() {
        return lost.get();
    }

    /**
     * Whether a path is under a watched directory: a marked directory moved out of the tree keeps its fanotify mark,
     * and what is written there is no longer the watched directories' business.
     */
    private boolean watched(Path path) {
        for (Path root : rootNames) {
            if (path.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    private boolean unreported(Path path) {
        for (Path dir : unreported) {
            if (path.startsWith(dir)) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> namesOf(Path dir) {
        Path given = dir.toAbsolutePath().normalize();
        try {
            Path real = given.toRealPath();
            return real.equals(given) ? List.of(given) : List.of(given, real);
        } catch (IOException e) {
            return List.of(given);
        }
    }

    /** The file's type from its first bytes. */
    static CbFileType typeOf(Path path) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = RegularFile.open(path, false)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException | RuntimeException e) {
            return CbFileType.filetypeUnknown;
        }
        if (n >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            return CbFileType.filetypeElf;
        }
        if (n >= 2 && head[0] == 'M' && head[1] == 'Z') {
            return CbFileType.filetypePe;
        }
        if (n >= 4 && head[0] == '%' && head[1] == 'P' && head[2] == 'D' && head[3] == 'F') {
            return CbFileType.filetypePdf;
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return CbFileType.filetypeArchivePkzip;
        }
        return CbFileType.filetypeUnknown;
    }
}
