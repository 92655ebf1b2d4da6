package io.lampblack.server.backup;

import io.lampblack.server.json.Json;
import io.lampblack.server.problem.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Brings a backup back as a data directory: into an empty (or new) directory only, so that it never mixes with, or
 * overwrites, a server's data. Done while no server runs on the target; the server started there afterwards replays
 * the journal tail that the backup holds, as after a crash.
 */
public final class Restore {

    private Restore() {}

    /** Copies the backup in {@code from} into {@code data}; returns what the backup says of itself. */
    public static BackupReport restore(Path from, Path data) throws IOException {
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
        OwnerOnly.createDirectory(data);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path rel = from.relativize(p);
                if (rel.toString().isEmpty() || rel.toString().equals(BackupReport.FILE)) continue;
                Path target = data.resolve(rel.toString());
                if (Files.isDirectory(p)) OwnerOnly.createDirectory(target);
                else if (Files.isRegularFile(p)) OwnerOnly.copy(p, target);
            }
        }
        return report;
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
