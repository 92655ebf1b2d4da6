package io.lampblack.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Backups hold everything the data directory does (the database with feed credentials, TLS keys, raw sensor data):
 * their directories are created 0700 and their files 0600, from the first byte on.
 */
final class OwnerOnly {

    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            setQuietly(dir, DIR);
            return;
        }
        if (dir.getParent() != null) Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(dir);
        }
        setQuietly(dir, DIR); // the umask may have taken bits away; never added any
    }

    /** Copies a file into a new owner-only file; returns its size. */
    static long copy(Path from, Path to) throws IOException {
        try (InputStream in = Files.newInputStream(from)) {
            return copy(in, to);
        }
    }

    static long copy(InputStream in, Path to) throws IOException {
        Files.deleteIfExists(to);
        try {
            Files.createFile(to, fileAttribute());
        } catch (UnsupportedOperationException e) {
            Files.createFile(to);
        }
        try (var out = Files.newOutputStream(to, StandardOpenOption.TRUNCATE_EXISTING)) {
            return in.transferTo(out);
        }
    }

    static void write(Path to, byte[] content) throws IOException {
        copy(new java.io.ByteArrayInputStream(content), to);
    }

    static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }

    /** Makes what is already there owner-only (a restore into a directory created by someone else). */
    static void restrict(Path p) throws IOException {
        setQuietly(p, Files.isDirectory(p) ? DIR : FILE);
    }

    private static void setQuietly(Path p, Set<PosixFilePermission> perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        }
    }
}
