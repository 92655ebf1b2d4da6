package io.lampblack.sensor.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The sensor's files: readable by its own user only (the identity holds its secret), written whole or not at all
 * (a crash leaves the old file or the new one, never half of one).
 */
final class OwnerOnlyFiles {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnlyFiles() {}

    /**
     * Creates the directory (and its parents) and makes it owner-only; a directory that exists already keeps its
     * mode (it may be one an administrator set up, or shared).
     */
    static Path directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return dir;
        Files.createDirectories(dir);
        if (POSIX) Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /**
     * Writes {@code bytes} to {@code target} atomically and durably: a temporary file, fsync, rename, fsync. The
     * temporary file is made new, owner-only from its creation (never a moment with the umask's mode, when another
     * user could open it and read the secret later written) and never through a symbolic link; one a crash left is
     * removed first.
     */
    static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName());
        Files.deleteIfExists(tmp); // removes a link itself, never what it points to
        Set<OpenOption> create =
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try (FileChannel ch = POSIX
                ? FileChannel.open(
                        tmp, create, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(tmp, create)) {
            var buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(target.getParent());
    }

    /** Whether a name is one of {@link #write}'s temporary files (left over by a crash). */
    static boolean isTemporary(Path p) {
        return p.getFileName().toString().startsWith(".tmp-");
    }

    /** Makes a rename or delete in {@code dir} durable (Linux allows fsync on a directory opened for reading). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be synced; the rename itself is still atomic.
        }
    }
}
