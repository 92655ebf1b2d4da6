package io.lampblack.server.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a backup may go, what it leaves out, and that restore never writes into a directory holding anything. */
class DataDirectoryBackupTest {

    @TempDir
    Path dir;

    private long journalEnd = Long.MAX_VALUE;

    private DataDirectoryBackup backupOf(Path data) {
        return new DataDirectoryBackup(
                data,
                (from, to) -> 0,
                zip -> false,
                new DataDirectoryBackup.Quiesce() {
                    @Override
                    public <T> T withoutCommits(Callable<T> work) throws Exception {
                        return work.call();
                    }
                },
                () -> journalEnd,
                Clock.systemUTC(),
                "test");
    }

    @Test
    void refusesTargetsInsideTheDataDirectoryEvenThroughALink() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        DataDirectoryBackup b = backupOf(data);
        assertEquals(
                "invalid_directory",
                assertThrows(BackupRefused.class, () -> b.take(Path.of("rel"))).reason());
        assertEquals(
                "invalid_directory",
                assertThrows(BackupRefused.class, () -> b.take(data.resolve("copy")))
                        .reason());
        assertEquals(
                "invalid_directory",
                assertThrows(BackupRefused.class, () -> b.take(dir)).reason());
        Path link = Files.createSymbolicLink(dir.resolve("link"), data);
        assertEquals(
                "invalid_directory",
                assertThrows(BackupRefused.class, () -> b.take(link.resolve("copy")))
                        .reason());
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("x"), "x");
        assertEquals(
                "directory_not_empty",
                assertThrows(BackupRefused.class, () -> b.take(full)).reason());
    }

    @Test
    void copiesOwnerOnlyWithoutLocksAndWorkFilesAndRestoresIntoAnEmptyDirectoryOnly() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve("bus").resolve("work"));
        Files.writeString(data.resolve("bus/cb.password"), "secret");
        Files.writeString(data.resolve("bus").resolve("work").resolve("config.json"), "{}");
        Files.createDirectories(data.resolve("binaries/tmp"));
        Files.writeString(data.resolve("binaries/tmp/partial"), "x");
        Files.createDirectories(data.resolve("installer/runtime-0123/bin"));
        Files.writeString(data.resolve("installer/runtime-0123/bin/java"), "a cached runtime");
        Files.createDirectories(data.resolve("journal"));
        Files.createDirectories(data.resolve("index"));
        Files.writeString(data.resolve("journal/00000000000000000000.jnl"), "records");
        Path backup = dir.resolve("backup");
        BackupReport r = backupOf(data).take(backup);
        assertEquals("external", r.database());
        assertEquals("secret", Files.readString(backup.resolve("bus/cb.password")));
        assertTrue(Files.exists(backup.resolve("journal/00000000000000000000.jnl")));
        assertFalse(Files.exists(backup.resolve("bus/work")));
        assertFalse(Files.exists(backup.resolve("binaries/tmp")));
        assertFalse(Files.exists(backup.resolve("installer")));
        try (Stream<Path> s = Files.walk(backup)) {
            for (Path p : s.toList()) {
                assertEquals(
                        Files.isDirectory(p) ? "rwx------" : "rw-------",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
                        p.toString());
            }
        }
        assertEquals(
                "not_a_backup",
                assertThrows(BackupRefused.class, () -> Restore.restore(data, dir.resolve("r")))
                        .reason());
        assertEquals(
                "directory_not_empty",
                assertThrows(BackupRefused.class, () -> Restore.restore(backup, data))
                        .reason());
        Path restored = dir.resolve("restored");
        Restore.restore(backup, restored);
        assertEquals("secret", Files.readString(restored.resolve("bus/cb.password")));
        assertFalse(Files.exists(restored.resolve(BackupReport.FILE)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(restored)));
    }

    @Test
    void copiesTheJournalOnlyUpToItsEndAtTheStartOfTheCopy() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve("index"));
        Path journal = Files.createDirectories(data.resolve("journal"));
        Files.writeString(journal.resolve("00000000000000000000.jnl"), "0123456789");
        // The active file, with bytes written after the end was taken, and the file the writer rolled to meanwhile.
        Files.writeString(journal.resolve("00000000000000000010.jnl"), "abcdeTORN");
        Files.writeString(journal.resolve("00000000000000000019.jnl"), "later");
        journalEnd = 15;
        Path backup = dir.resolve("backup");
        backupOf(data).take(backup);
        assertEquals("0123456789", Files.readString(backup.resolve("journal/00000000000000000000.jnl")));
        assertEquals("abcde", Files.readString(backup.resolve("journal/00000000000000000010.jnl")));
        assertFalse(Files.exists(backup.resolve("journal/00000000000000000019.jnl")));
    }

    @Test
    void backsUpAndRestoresThroughSymbolicLinks() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.createDirectories(real.resolve("index"));
        Files.createDirectories(real.resolve("journal"));
        Files.writeString(real.resolve("journal/00000000000000000000.jnl"), "records");
        Path data = Files.createSymbolicLink(dir.resolve("data"), real);
        Path backup = dir.resolve("backup");
        backupOf(data).take(backup);
        assertEquals("records", Files.readString(backup.resolve("journal/00000000000000000000.jnl")));
        Path linkedBackup = Files.createSymbolicLink(dir.resolve("backup-link"), backup);
        Restore.Restored r = Restore.restore(linkedBackup, dir.resolve("restored"));
        assertEquals("records", Files.readString(dir.resolve("restored/journal/00000000000000000000.jnl")));
        assertEquals(1, r.files());
    }

    @Test
    void refusesADirectoryWithoutJournalOrIndex() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve("journal"));
        assertThrows(IllegalStateException.class, () -> backupOf(data).take(dir.resolve("backup")));
    }
}
