package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sensor's secret files: owner-only, whole, and never written through a link left where the temporary file goes. */
class OwnerOnlyFilesTest {

    @TempDir
    Path dir;

    @Test
    void aStaleTemporaryFileOrALinkInItsPlaceIsReplacedNotWrittenThrough() throws Exception {
        Path target = dir.resolve("identity.json");
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(dir.resolve(".tmp-identity.json"), victim);

        OwnerOnlyFiles.write(target, "secret".getBytes(StandardCharsets.UTF_8));

        assertEquals("keep", Files.readString(victim), "nothing written through the link");
        assertEquals("secret", Files.readString(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertFalse(Files.exists(dir.resolve(".tmp-identity.json")));

        // a readable leftover of a crash is not reused with its mode
        Path stale = Files.writeString(dir.resolve(".tmp-identity.json"), "half");
        Files.setPosixFilePermissions(stale, PosixFilePermissions.fromString("rw-rw-rw-"));
        OwnerOnlyFiles.write(target, "again".getBytes(StandardCharsets.UTF_8));
        assertEquals("again", Files.readString(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }
}
