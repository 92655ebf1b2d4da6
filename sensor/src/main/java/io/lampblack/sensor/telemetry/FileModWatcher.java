package io.lampblack.sensor.telemetry;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg.CbFileModAction;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg.CbFileType;
import io.lampblack.sensor.telemetry.FileHasher.FileHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Turns file notifications from the watched directories into filemod events, the same way whichever kernel interface
 * delivered them: the first write to a file is reported as Write, the close after writing as LastWrite (with the MD5 of
 * executables and the file's type, as Carbon Black reports written binaries), creation as Create, removal as Delete.
 * A writer the notification names (fanotify) is the event's process; otherwise the event goes to the unknown writer
 * (pid -1 and the telemetry's start as create time, shown by the server as an unknown process).
 */
final class FileModWatcher {

    /** Directories marked at most, counting subdirectories (kernel watches cost memory). */
    static final int MAX_DIRECTORIES = 10_000;

    /** Files remembered as being written (their first write reported, their close not yet seen), at most. */
    private static final int MAX_OPEN_WRITES = 10_000;

    private final List<Path> roots;
    private final ProcessTracker tracker;
    private final FileHasher hasher;
    private final BinaryCatalog binaries;
    private final OrderedEmitter emitter;
    private final ProcessImage unknownWriter;
    private final Set<String> writing = new HashSet<>();

    FileModWatcher(
            List<Path> roots,
            ProcessTracker tracker,
            FileHasher hasher,
            BinaryCatalog binaries,
            OrderedEmitter emitter,
            long startFileTime) {
        this.roots = List.copyOf(roots);
        this.tracker = tracker;
        this.hasher = hasher;
        this.binaries = binaries;
        this.emitter = emitter;
        this.unknownWriter = ProcessImage.stub(-1, startFileTime);
    }

    /** The watched directories and their subdirectories that are not in {@code marked}, up to the limit. */
    List<Path> unmarkedDirectories(Set<Path> marked) {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> tree = Files.walk(root)) {
                tree.filter(Files::isDirectory).forEach(dir -> {
                    if (marked.size() + out.size() < MAX_DIRECTORIES && !marked.contains(dir)) {
                        out.add(dir);
                    }
                });
            } catch (IOException | RuntimeException e) {
                // a root that is gone or unreadable is watched again when it is back
            }
        }
        return out;
    }

    /** A notification: {@code writerPid} 0 when the interface does not name the writer. */
    void changed(Path path, CbFileModAction action, int writerPid) {
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

    /** The file's type from its first bytes. */
    static CbFileType typeOf(Path path) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
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
