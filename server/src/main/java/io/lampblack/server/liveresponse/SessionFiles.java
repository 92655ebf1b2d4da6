package io.lampblack.server.liveresponse;

import io.lampblack.server.problem.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One session's files on disk, each under {@code <session dir>/files/<id>}: names are never paths, so no file name
 * can reach outside the session's directory. Content is streamed in and out, never held whole; it is written to a
 * temporary file and moved into place once complete, so a reader never sees half a file.
 */
final class SessionFiles {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionFiles.class);

    private static final int BUFFER = 256 * 1024;

    private final Path dir;
    private final Path tmp;
    private final StorageBudget budget;
    private final long maxFile;
    private final Map<Long, StoredFile> files = new LinkedHashMap<>();
    /**
     * The files a pending {@code get file} or {@code memdump} waits for: the only ones the sensor may write. A file
     * leaves the set when its command ends (complete, error, cancel, or its session's end) and never comes back, so
     * that a sensor cannot replace a result, fill a cancelled command's file, or overwrite an analyst's upload.
     */
    private final java.util.Set<Long> awaited = new java.util.HashSet<>();

    SessionFiles(Path sessionDir, Path tmp, StorageBudget budget, long maxFile) {
        this.dir = sessionDir.resolve("files");
        this.tmp = tmp;
        this.budget = budget;
        this.maxFile = maxFile;
    }

    /** A file a command asks of the sensor: the sensor may write it until {@link #seal}. */
    synchronized void allocate(long id, String fileName) {
        files.put(id, new StoredFile(id, fileName, 0, 0, 0, false));
        awaited.add(id);
    }

    /**
     * Forgets a file its command never took (the command was refused after the file was made); nothing was asked of
     * the sensor under its id.
     */
    void discard(long id) {
        try {
            delete(id);
        } catch (IOException e) {
            LOG.warn("file {} of a refused command not deleted: {}", id, e.toString());
        }
    }

    /** Every file's name replaced by {@code shorter} of it (an ended session keeps little in memory). */
    synchronized void renameAll(java.util.function.UnaryOperator<String> shorter) {
        files.replaceAll((id, f) -> f.renamed(shorter.apply(f.fileName())));
    }

    /** The command that waited for the file ended: the sensor may write it no more. */
    synchronized void seal(long id) {
        awaited.remove(id);
    }

    synchronized Optional<StoredFile> get(long id) {
        return Optional.ofNullable(files.get(id));
    }

    synchronized List<StoredFile> list() {
        return new ArrayList<>(files.values());
    }

    synchronized long totalSize() {
        return files.values().stream().mapToLong(StoredFile::sizeUploaded).sum();
    }

    synchronized void failed(long id, long hresult) {
        awaited.remove(id);
        files.computeIfPresent(id, (k, f) -> f.failed(hresult));
    }

    /**
     * An analyst's upload that Jetty's multipart parser already wrote to {@code uploaded}: moved into place; the
     * bytes were reserved in {@code room} before the upload was read.
     */
    StoredFile adopt(long id, String fileName, Path uploaded, UploadRoom room) throws IOException {
        long size = Files.size(uploaded);
        if (size > maxFile) throw tooLarge();
        if (size > room.bytes()) throw budget.full();
        Files.createDirectories(dir);
        Files.move(uploaded, path(id), StandardCopyOption.REPLACE_EXISTING);
        room.keep(size);
        StoredFile f = new StoredFile(id, fileName, 0, size, size, true);
        synchronized (this) {
            files.put(id, f);
        }
        return f;
    }

    /**
     * Stores content streamed from the sensor for a file its pending command waits for; a repeated upload (a retry)
     * replaces the earlier one while the command is pending.
     *
     * @throws LiveResponseProblem (not found, {@code file_not_found}) for any other file: unknown, an analyst's upload,
     *     or one whose command has ended, before the content is read or once it is
     */
    StoredFile receive(long id, InputStream in) throws IOException {
        synchronized (this) {
            if (!awaited.contains(id) || !files.containsKey(id)) throw notAsked(id);
        }
        Files.createDirectories(dir);
        Files.createDirectories(tmp);
        Path part = Files.createTempFile(tmp, "lr-", ".part");
        long written = 0;
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (written + n > maxFile) throw tooLarge();
                    budget.reserve(n);
                    written += n;
                    out.write(buf, 0, n);
                }
            }
            // Judged again and moved into place under the lock: the command may have ended (or the file been
            // deleted) while the content arrived, and two uploads of the same file must not interleave their moves
            // and their accounting.
            synchronized (this) {
                StoredFile now = files.get(id);
                if (now == null || !awaited.contains(id)) throw notAsked(id);
                Files.move(part, path(id), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                if (now.complete()) budget.release(now.sizeUploaded()); // the retry replaced it
                StoredFile done = now.completed(written);
                files.put(id, done);
                return done;
            }
        } catch (IOException | RuntimeException e) {
            budget.release(written);
            Files.deleteIfExists(part);
            throw e;
        }
    }

    private static LiveResponseProblem notAsked(long id) {
        return LiveResponseProblem.notFound("file_not_found", "File " + id + " was not asked of this sensor");
    }

    /** The session's directory (its files under {@code files/}, its command log once it ended). */
    Path sessionDir() {
        return dir.getParent();
    }

    /** The content of a complete file, to stream. */
    InputStream open(long id) throws IOException {
        return Files.newInputStream(path(id));
    }

    Path path(long id) {
        return dir.resolve(Long.toString(id));
    }

    /** Forgets a file and deletes its content; its bytes go back to the budget once they are gone from the disk. */
    void delete(long id) throws IOException {
        StoredFile f;
        synchronized (this) {
            f = files.remove(id);
            awaited.remove(id);
            if (f == null) return;
            // Under the lock, so that a retry of its upload finishing now cannot put it back (see receive).
            Files.deleteIfExists(path(id));
        }
        budget.release(f.sizeUploaded());
    }

    /** Deletes every file and the session's directory (its storage time ended). */
    void deleteAll() {
        synchronized (this) {
            files.clear();
            awaited.clear();
        }
        budget.release(deleteCounting(dir.getParent()));
    }

    /**
     * Deletes a tree, file by file; answers the bytes of the files actually deleted (the storage budget gets back
     * exactly those, and a tree left half deleted is found and finished later).
     */
    static long deleteCounting(Path root) {
        if (!Files.exists(root)) return 0;
        long freed = 0;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                long size = Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : 0;
                Files.deleteIfExists(p);
                freed += size;
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {} entirely: {}", root, e.toString());
        }
        return freed;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LiveResponseProblem tooLarge() {
        return tooLarge(maxFile);
    }

    static LiveResponseProblem tooLarge(long maxFile) {
        return new LiveResponseProblem(
                Problem.Kind.TOO_LARGE,
                "file_too_large",
                "a live-response file may hold at most " + maxFile + " bytes (--lr-max-file)");
    }
}
