package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sensor takes only a new, empty or its own data directory, leaves a given one's mode, and one sensor at a time. */
class DataDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aDirectoryHoldingOtherFilesIsRefusedAndLeftAlone() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("notes.txt"), "mine");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException e = assertThrows(IOException.class, () -> DataDirectory.claim(home));
        assertTrue(e.getMessage().contains("not a Lampblack sensor's"), e.getMessage());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        assertEquals("mine", Files.readString(home.resolve("notes.txt")));
        assertEquals(false, Files.exists(home.resolve(DataDirectory.MARKER)));
    }

    @Test
    void aGivenEmptyDirectoryKeepsItsModeANewOneIsOwnerOnlyAndBothAreTakenAgain() throws Exception {
        Path given = Files.createDirectories(dir.resolve("given"));
        Files.setPosixFilePermissions(given, PosixFilePermissions.fromString("rwxr-x---"));
        DataDirectory.claim(given).close();
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(given)));
        Files.writeString(given.resolve("identity.json"), "{}");
        DataDirectory.claim(given).close(); // its own marker: taken again though not empty

        Path created = dir.resolve("new").resolve("data");
        DataDirectory.claim(created).close();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
    }

    @Test
    void oneSensorAtATime() throws Exception {
        Path data = dir.resolve("data");
        try (DataDirectory first = DataDirectory.claim(data)) {
            // A file lock (fcntl): a second sensor process is refused the same way.
            IOException e = assertThrows(IOException.class, () -> DataDirectory.claim(data));
            assertTrue(e.getMessage().contains("another sensor is running"), e.getMessage());
        }
        DataDirectory.claim(data).close(); // released when the first stopped
    }
}
