package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 8: the database (feed passwords, client keys), the journal (raw sensor data), the indexes and the
 * binaries were readable by every local user. After a start nothing under the data directory lets group or others in,
 * neither what the server finds there nor what it and its libraries create.
 */
class DataDirPermissionsIT {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path tmp;

    /** Every file and directory under {@code dir} (itself included) that group or others may use. */
    private static List<String> openToOthers(Path dir) throws IOException {
        List<String> open = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isSymbolicLink(p)) continue;
                Set<PosixFilePermission> perms;
                try {
                    perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue;
                }
                if (perms.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                    open.add(dir.relativize(p) + " " + PosixFilePermissions.toString(perms));
                }
            }
        }
        return open;
    }

    @Test
    void everythingUnderTheDataDirectoryIsOwnerOnly() throws Exception {
        // What an earlier version (or a copy made under umask 022) left behind: all of it readable by everyone.
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("journal"));
        Files.writeString(data.resolve("journal").resolve("old.log"), "raw sensor data");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("journal"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(
                data.resolve("journal").resolve("old.log"), PosixFilePermissions.fromString("rw-r--r--"));

        try (TestServer s = TestServer.start(data)) {
            // Put something into every store: a sensor (database), an upload (journal, index), binaries seen.
            SensorClient client = s.sensorClient();
            var r = client.register(
                    new RegisterRequest("PERM-HOST", null, "windows", "workstation", null, null, null, 1), "");
            client.upload(
                    new SensorClient.Identity(r.sensorId(), r.secret()), "p-1", new SyntheticHost(8).nextUpload(50));
            s.server.ingest().pipeline().awaitIndexed(30_000);
            s.server.ingest().pipeline().commit();

            assertEquals(List.of(), openToOthers(data));
            assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(data));
            assertTrue(Files.exists(data.resolve("db")), "the database is under the walked tree");
        }
        assertEquals(List.of(), openToOthers(data), "nor what closing wrote");
    }

    @Test
    void aNewDataDirectoryIsCreatedOwnerOnly() throws Exception {
        Path data = tmp.resolve("fresh").resolve("data");
        try (TestServer s = TestServer.start(data)) {
            assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(data));
            assertEquals(List.of(), openToOthers(data));
        }
    }
}
