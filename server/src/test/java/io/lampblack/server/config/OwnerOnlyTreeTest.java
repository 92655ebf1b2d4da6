package io.lampblack.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTreeTest {

    @TempDir
    Path tmp;

    @Test
    void closesEveryGroupAndOtherBitAndCountsWhatItFixed() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path sub = Files.createDirectories(data.resolve("index"));
        Path file = Files.writeString(sub.resolve("seg"), "x");
        Path script = Files.writeString(data.resolve("run"), "x");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        assertFalse(OwnerOnlyTree.isOwnerOnly(data));

        OwnerOnlyTree.Result r = OwnerOnlyTree.secure(data);
        assertEquals(new OwnerOnlyTree.Result(true, 2, true), r);
        assertTrue(OwnerOnlyTree.isOwnerOnly(data));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sub)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(
                "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(script)), "owner bits stay");

        assertEquals(new OwnerOnlyTree.Result(false, 0, true), OwnerOnlyTree.secure(data), "nothing left to fix");
    }

    @Test
    void aDataDirectoryThatIsALinkIsClosedWhereItPoints() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(real.resolve("f"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Path link = Files.createSymbolicLink(tmp.resolve("data"), real);
        assertEquals(new OwnerOnlyTree.Result(true, 1, true), OwnerOnlyTree.secure(link));
        assertTrue(OwnerOnlyTree.isOwnerOnly(real));
    }

    @Test
    void aMissingDirectoryIsCreatedOwnerOnly() throws Exception {
        Path data = tmp.resolve("a").resolve("data");
        OwnerOnlyTree.secure(data);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    }
}
