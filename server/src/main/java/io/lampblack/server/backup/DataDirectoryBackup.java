package io.lampblack.server.backup;

import io.lampblack.server.json.Json;
import io.lampblack.server.problem.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An online, consistent copy of a running server's data directory into a directory on the same machine, which
 * {@link Restore} (or simply {@code --data}) can use as a data directory again.
 *
 * <p>Consistency: while the copy runs, the ingest pipeline neither commits the process index nor trims the journal
 * ({@link Quiesce}); so the copied index is one commit, and the copied journal holds every upload after the position
 * that commit covers, including the ones acknowledged but not yet indexed: a server started on the copy replays them,
 * as after a crash. Uploads keep being acknowledged meanwhile. Every other Lucene index is copied commit by commit
 * ({@link IndexCopy}); the embedded database through its own online backup ({@link DatabaseCopy}). Files are written
 * readable by their owner only.
 */
public final class DataDirectoryBackup {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryBackup.class);

    /** Copies the latest commit of the Lucene index in {@code from} into {@code to}. */
    @FunctionalInterface
    public interface IndexCopy {
        long copy(Path from, Path to) throws IOException;
    }

    /** Writes an online backup of the embedded database as a zip; false when the database is not embedded. */
    @FunctionalInterface
    public interface DatabaseCopy {
        boolean backupTo(Path zip);
    }

    /** Runs work while the process index commits nothing and the journal is not trimmed. */
    @FunctionalInterface
    public interface Quiesce {
        <T> T withoutCommits(Callable<T> work) throws Exception;
    }

    /**
     * Not copied: Qpid's work files (queues live in memory), half-written binaries, Lucene's locks, the database, the
     * installers' Java runtime (a cache of tens of megabytes, made again on the next installer request).
     */
    private static final Set<Path> SKIPPED =
            Set.of(Path.of("bus", "work"), Path.of("binaries", "tmp"), Path.of("db"), Path.of("installer"));

    private final Path dataDir;
    private final IndexCopy indexes;
    private final DatabaseCopy database;
    private final Quiesce pipeline;
    private final java.util.function.LongSupplier journalEnd;
    private final Clock clock;
    private final String version;
    private final ReentrantLock oneAtATime = new ReentrantLock();

    /** @param journalEnd the journal position just past its last durable record ({@code Journal::endPosition}) */
    public DataDirectoryBackup(
            Path dataDir,
            IndexCopy indexes,
            DatabaseCopy database,
            Quiesce pipeline,
            java.util.function.LongSupplier journalEnd,
            Clock clock,
            String version) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.indexes = indexes;
        this.database = database;
        this.pipeline = pipeline;
        this.journalEnd = journalEnd;
        this.clock = clock;
        this.version = version;
    }

    /**
     * Copies the data directory into {@code target}: an absolute path outside the data directory that does not exist
     * yet or is an empty directory.
     */
    public BackupReport take(Path target) {
        Path to = checkTarget(target);
        if (!oneAtATime.tryLock()) {
            throw new BackupRefused(Problem.Kind.CONFLICT, "backup_running", "another backup is running; try later");
        }
        try {
            long t0 = System.nanoTime();
            OwnerOnly.createDirectory(to);
            long[] counts = {0, 0};
            // Links resolved: a data directory reached through a symbolic link is walked, not skipped as a link.
            Path from = dataDir.toRealPath();
            for (String needed : List.of("journal", "index")) {
                if (!Files.isDirectory(from.resolve(needed))) {
                    throw new IllegalStateException(
                            "backup: " + from + " has no " + needed + "/ directory; is it a Lampblack data directory?");
                }
            }
            pipeline.withoutCommits(() -> {
                // The journal as of now: a file the writer rolls to during the copy, and whatever is appended to the
                // active one meanwhile, are left out; a record cut in the middle would end the replay of the copy
                // there while later files went on.
                copyTree(from, to, journalEnd.getAsLong(), counts);
                return null;
            });
            List<String> notes = new ArrayList<>();
            String db;
            Path zip = to.resolve("db").resolve("backup.zip");
            OwnerOnly.createDirectory(zip.getParent());
            if (database.backupTo(zip)) {
                counts[1] += unzip(zip, zip.getParent());
                counts[0]++;
                Files.delete(zip);
                db = "h2";
            } else {
                Files.delete(zip.getParent());
                db = "external";
                notes.add("the database is external (--db): it is not in this copy; back it up with its own tools"
                        + " (pg_dump) at about the same time, and start the restored server with the same --db");
            }
            BackupReport report = new BackupReport(
                    to.toString(),
                    Instant.now(clock).toString(),
                    version,
                    counts[0],
                    counts[1],
                    (System.nanoTime() - t0) / 1_000_000,
                    db,
                    notes);
            OwnerOnly.write(
                    to.resolve(BackupReport.FILE),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
            LOG.info("backup: {} files, {} bytes into {} in {} ms", counts[0], counts[1], to, report.millis());
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("backup into " + to + " failed", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("backup into " + to + " failed", e);
        } finally {
            oneAtATime.unlock();
        }
    }

    private Path checkTarget(Path target) {
        if (!target.isAbsolute()) {
            throw new BackupRefused(
                    Problem.Kind.INVALID, "invalid_directory", "the backup directory must be an absolute path");
        }
        Path to = target.normalize();
        Path real;
        try {
            // Links resolved: a link into the data directory is the data directory.
            Path existing = to;
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            real = existing == null ? to : existing.toRealPath().resolve(existing.relativize(to));
        } catch (IOException e) {
            throw new BackupRefused(
                    Problem.Kind.INVALID, "invalid_directory", "the backup directory cannot be resolved");
        }
        Path data;
        try {
            data = dataDir.toRealPath();
        } catch (IOException e) {
            data = dataDir;
        }
        if (real.startsWith(data) || data.startsWith(real)) {
            throw new BackupRefused(
                    Problem.Kind.INVALID,
                    "invalid_directory",
                    "the backup directory must be outside the data directory (and not contain it)");
        }
        if (Files.exists(to) && !Restore.isEmptyDirectory(to)) {
            throw new BackupRefused(
                    Problem.Kind.CONFLICT, "directory_not_empty", "the backup directory exists and is not empty");
        }
        return to;
    }

    private void copyTree(Path dataDir, Path to, long journalEnd, long[] counts) throws IOException {
        Path journal = dataDir.resolve("journal");
        Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = dataDir.relativize(dir);
                if (SKIPPED.contains(rel)) return FileVisitResult.SKIP_SUBTREE;
                Path target = to.resolve(rel.toString());
                if (isLuceneIndex(dir)) {
                    OwnerOnly.createDirectory(target);
                    counts[1] += indexes.copy(dir, target);
                    counts[0] += fileCount(target);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!rel.toString().isEmpty()) OwnerOnly.createDirectory(target);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile() || file.getFileName().toString().endsWith(".tmp")) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Path target = to.resolve(dataDir.relativize(file).toString());
                    if (file.getParent().equals(journal)) {
                        long start = journalFileStart(file);
                        if (start < 0 || start >= journalEnd) return FileVisitResult.CONTINUE;
                        counts[1] += copyPrefix(file, target, journalEnd - start);
                    } else {
                        counts[1] += OwnerOnly.copy(file, target);
                    }
                    counts[0]++;
                } catch (NoSuchFileException gone) {
                    // Deleted since the listing (a temporary file renamed into place): not part of the state.
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                throw e;
            }
        });
    }

    /** The journal position a journal file starts at (its name), or -1 for anything else. */
    private static long journalFileStart(Path file) {
        String n = file.getFileName().toString();
        if (!n.matches("[0-9]{20}\\.jnl")) return -1;
        return Long.parseLong(n.substring(0, n.length() - 4));
    }

    /** Copies at most {@code limit} bytes of a file into a new owner-only file; returns how many. */
    private static long copyPrefix(Path from, Path to, long limit) throws IOException {
        try (InputStream in = Files.newInputStream(from)) {
            InputStream cut = new InputStream() {
                private long left = limit;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) return -1;
                    int n = in.read(b, off, (int) Math.min(len, left));
                    if (n > 0) left -= n;
                    return n;
                }

                @Override
                public int read() throws IOException {
                    if (left <= 0) return -1;
                    int c = in.read();
                    if (c >= 0) left--;
                    return c;
                }
            };
            return OwnerOnly.copy(cut, to);
        }
    }

    private static boolean isLuceneIndex(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("segments_"));
        }
    }

    private static long fileCount(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private static long unzip(Path zip, Path dir) throws IOException {
        long bytes = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path out = dir.resolve(e.getName()).normalize();
                // H2 writes plain file names; anything else is not a database backup.
                if (e.isDirectory() || !out.getParent().equals(dir)) continue;
                bytes += OwnerOnly.copy((InputStream) in, out);
            }
        }
        return bytes;
    }
}
