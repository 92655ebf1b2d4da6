package io.lampblack.server.config;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The data directory holds what no other local user may read (the database with feed passwords and client keys, raw
 * sensor data, tokens), so it and everything in it is made owner-only at every start: directories 0700, files
 * without any group or other bit. A directory of 0700 alone already keeps others out of everything beneath it, also
 * of the files that libraries (H2, Lucene, Qpid) create later under the process's umask; the walk fixes what earlier
 * versions or a copy left readable, for when the tree is moved or its top directory opened up again. Symbolic links
 * are not followed (what they point to is not ours to change).
 *
 * <p>Only a directory that is recognisably Lampblack's is changed: a new or empty one, or one holding what a server
 * keeps there ({@link #OWN_NAMES}). Any other non-empty directory ({@code --data .} in a checkout, {@code --data ~},
 * {@code --data /var/lib}) is refused before anything in it changes, as closing it would take group and other access
 * from files that belong to someone or something else.
 */
public final class OwnerOnlyTree {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    /**
     * What a walk found.
     *
     * @param topWasOpen whether the top directory itself let group or others in (before this walk closed it)
     * @param fixed      files and directories beneath the top whose group/other bits this walk removed
     * @param posix      false on a file system without POSIX permissions, where nothing could be checked
     */
    public record Result(boolean topWasOpen, int fixed, boolean posix) {}

    /** Names a server creates at the top of its data directory; one of them marks the directory as Lampblack's. */
    public static final Set<String> OWN_NAMES = Set.of(
            "server-info.json",
            "db",
            "journal",
            "index",
            "tls",
            "bus",
            "feeds",
            "binaries",
            "deadletter",
            "uploads.seen",
            "sensor-registration-token");

    private OwnerOnlyTree() {}

    /**
     * Whether {@code dir} may be made owner-only: it holds nothing, or something a Lampblack server keeps there
     * ({@code lost+found}, which a file system of its own has, does not count as content).
     */
    public static boolean isLampblackOrEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            List<String> names = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("lost+found"))
                    .toList();
            return names.isEmpty() || names.stream().anyMatch(OWN_NAMES::contains);
        }
    }

    /**
     * Creates {@code dir} (0700) when missing, then removes every group/other permission in the tree.
     *
     * @throws IllegalArgumentException when {@code dir} holds files and none of them is Lampblack's (nothing changes)
     */
    public static Result secure(Path given) throws IOException {
        Path dir = given;
        if (!Files.exists(dir)) {
            try {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(dir);
                return new Result(false, 0, false);
            }
        }
        // A data directory that is a link: the directory it names is the one to close (the walk follows no links).
        dir = dir.toRealPath();
        if (!isLampblackOrEmpty(dir)) {
            throw new IllegalArgumentException("data directory " + given
                    + " is not empty and holds nothing of Lampblack's (no server-info.json, db, journal, index);"
                    + " the server makes its data directory owner-only, so give it an empty or new directory of its"
                    + " own (--data)");
        }
        if (!Files.getFileStore(dir).supportsFileAttributeView("posix")) return new Result(false, 0, false);
        boolean topWasOpen = isOpen(Files.getPosixFilePermissions(dir));
        Path top = dir;
        int[] fixed = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (close(d) && !d.equals(top)) fixed[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink() && close(f)) fixed[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                // A file that vanished while walking (a library's temporary file) needs no fixing.
                return FileVisitResult.CONTINUE;
            }
        });
        return new Result(topWasOpen, fixed[0], true);
    }

    /** Whether any file or directory in the tree (the top included) lets group or others in. */
    public static boolean isOwnerOnly(Path dir) throws IOException {
        boolean[] open = {false};
        Files.walkFileTree(dir.toRealPath(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                open[0] |= isOpen(Files.getPosixFilePermissions(d, LinkOption.NOFOLLOW_LINKS));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink())
                    open[0] |= isOpen(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return !open[0];
    }

    private static boolean close(Path p) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        if (!isOpen(perms)) return false;
        perms.removeAll(OTHERS);
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        return true;
    }

    private static boolean isOpen(Set<PosixFilePermission> perms) {
        for (PosixFilePermission p : perms) if (OTHERS.contains(p)) return true;
        return false;
    }
}
