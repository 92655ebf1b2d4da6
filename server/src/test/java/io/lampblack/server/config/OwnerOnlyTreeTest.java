package io.lampblack.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        Path file = Files.writeString(real.resolve("server-info.json"), "x");
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

    @Test
    void aDirectoryOfSomethingElseIsRefusedAndLeftAsItWas() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path notes = Files.writeString(home.resolve("notes.txt"), "x");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(notes, PosixFilePermissions.fromString("rw-r--r--"));
        String m = assertThrows(IllegalArgumentException.class, () -> OwnerOnlyTree.secure(home))
                .getMessage();
        assertTrue(m.contains("empty or new directory"), m);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(notes)));
    }

    @Test
    void anEmptyDirectoryOrOneWithLampblacksFilesIsClosed() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.createDirectories(empty.resolve("lost+found"));
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(OwnerOnlyTree.secure(empty).topWasOpen());

        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("server-info.json"), "{}");
        Files.writeString(data.resolve("other"), "x");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(OwnerOnlyTree.secure(data).topWasOpen());
        assertTrue(OwnerOnlyTree.isOwnerOnly(data));
    }
}
