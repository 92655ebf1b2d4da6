package io.lampblack.server.backup;

import io.lampblack.server.json.Json;
import io.lampblack.server.problem.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Brings a backup back as a data directory: into an empty (or new) directory only, so that it never mixes with, or
 * overwrites, a server's data. Done while no server runs on the target; the server started there afterwards replays
 * the journal tail that the backup holds, as after a crash.
 */
public final class Restore {

    private Restore() {}

    /** What a restore copied, and what the backup says of itself. */
    public record Restored(BackupReport report, long files, long bytes) {}

    /** Copies the backup in {@code from} (a link to it is followed) into {@code data}. */
    public static Restored restore(Path from, Path data) throws IOException {
        Path marker = from.resolve(BackupReport.FILE);
        if (!Files.isRegularFile(marker)) {
            throw new BackupRefused(
                    Problem.Kind.INVALID,
                    "not_a_backup",
                    from + " is not a Lampblack backup (no " + BackupReport.FILE + ")");
        }
        BackupReport report = Json.MAPPER.readValue(marker.toFile(), BackupReport.class);
        if (Files.exists(data) && !isEmptyDirectory(data)) {
            throw new BackupRefused(
                    Problem.Kind.CONFLICT,
                    "directory_not_empty",
                    data + " is not empty: a backup is restored into an empty or new data directory only");
        }
        // Links resolved: Files.walk does not enter a link it starts at, and a linked backup would restore nothing.
        Path real = from.toRealPath();
        for (String needed : List.of("journal", "index")) {
            if (!Files.isDirectory(real.resolve(needed))) {
                throw new BackupRefused(
                        Problem.Kind.INVALID,
                        "not_a_backup",
                        from + " has no " + needed + "/ directory: not a whole backup");
            }
        }
        OwnerOnly.createDirectory(data);
        long files = 0;
        long bytes = 0;
        try (Stream<Path> s = Files.walk(real)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path rel = real.relativize(p);
                if (rel.toString().isEmpty() || rel.toString().equals(BackupReport.FILE)) continue;
                Path target = data.resolve(rel.toString());
                if (Files.isDirectory(p)) OwnerOnly.createDirectory(target);
                else if (Files.isRegularFile(p)) {
                    bytes += OwnerOnly.copy(p, target);
                    files++;
                }
            }
        }
        return new Restored(report, files, bytes);
    }

    static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
