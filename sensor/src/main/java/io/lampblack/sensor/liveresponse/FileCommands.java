package io.lampblack.sensor.liveresponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@code get file}, {@code put file}, {@code delete file} and {@code create directory}. */
final class FileCommands {

    private FileCommands() {}

    /**
     * Streams the file (from {@code offset}, at most {@code get_count} bytes when given and positive) to the
     * session's file store under {@code fileId}. Only regular files: a directory is "access denied", as opening one
     * is on Windows.
     */
    static void getFile(Path path, JsonNode args, Long fileId, SessionFiles files)
            throws CommandFailure, InterruptedException {
        if (fileId == null) throw CommandFailure.invalid("get file without a file_id to upload to");
        long offset = number(args, "offset");
        long count = number(args, "get_count");
        if (offset < 0 || count < 0) throw CommandFailure.invalid("offset and get_count must not be negative");
        requireRegularFile(path);
        long size;
        try (InputStream probe = Files.newInputStream(path)) {
            // opened here so that "permission denied" is the command's error rather than a broken upload
            size = Files.size(path);
        } catch (IOException e) {
            throw CommandFailure.of(e, path);
        }
        if (offset > size) {
            throw CommandFailure.invalid("offset " + offset + " is past the end of " + path + " (" + size + " bytes)");
        }
        upload(files, fileId, path, offset, count);
    }

    /**
     * Streams {@code path} (from {@code offset}, {@code count} bytes when positive) to the session's file store. The
     * HTTP client closes a stream it read to the end; those of an upload that failed half-way are closed here.
     */
    static void upload(SessionFiles files, long fileId, Path path, long offset, long count)
            throws CommandFailure, InterruptedException {
        List<InputStream> opened = new CopyOnWriteArrayList<>();
        try {
            files.upload(fileId, () -> {
                InputStream in = open(path, offset, count);
                opened.add(in);
                return in;
            });
        } catch (UncheckedIOException e) {
            throw CommandFailure.of(e.getCause(), path);
        } catch (IOException e) {
            throw new CommandFailure(LiveResponseProtocol.E_FAIL, "uploading " + path + " failed: " + e.getMessage());
        } finally {
            for (InputStream in : opened) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing a file we only read cannot lose anything
                }
            }
        }
    }

    private static InputStream open(Path path, long offset, long count) {
        try {
            InputStream in = Files.newInputStream(path);
            in.skipNBytes(offset);
            return count > 0 ? new Limited(in, count) : in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Downloads the analyst's file next to {@code path} and moves it into place only once whole, so that nobody
     * ever sees half a file. An existing file is not overwritten (Carbon Black refuses it too).
     */
    static void putFile(Path path, Long fileId, Long fileSize, SessionFiles files)
            throws CommandFailure, InterruptedException {
        if (fileId == null) throw CommandFailure.invalid("put file without the file_id of an uploaded file");
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandFailure(LiveResponseProtocol.E_ALREADY_EXISTS, path + ": already exists");
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw CommandFailure.missing(path);
        Path part;
        try {
            part = Files.createTempFile(dir, "." + path.getFileName() + ".", ".lbpart");
            Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw CommandFailure.of(e, path);
        }
        try {
            long got = files.download(fileId, part);
            if (fileSize != null && got != fileSize) {
                throw new CommandFailure(
                        LiveResponseProtocol.E_FAIL,
                        "file " + fileId + " arrived with " + got + " bytes, expected " + fileSize);
            }
            place(part, path);
        } catch (IOException e) {
            throw new CommandFailure(
                    LiveResponseProtocol.E_FAIL, "downloading file " + fileId + " failed: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // a leftover ".lbpart" file is harmless and named for what it is
            }
        }
    }

    /** A hard link fails when the name exists, atomically; where links are not possible, a plain move. */
    private static void place(Path part, Path path) throws CommandFailure {
        try {
            Files.createLink(path, part);
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailure(LiveResponseProtocol.E_ALREADY_EXISTS, path + ": already exists");
        } catch (UnsupportedOperationException | FileSystemException e) {
            try {
                Files.move(part, path);
            } catch (IOException m) {
                throw CommandFailure.of(m, path);
            }
        } catch (IOException e) {
            throw CommandFailure.of(e, path);
        }
    }

    /** Deletes a file or a symbolic link; never a directory (Windows' DeleteFile refuses those too). */
    static void deleteFile(Path path) throws CommandFailure {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, path + ": is a directory");
        }
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw CommandFailure.of(e, path);
        }
    }

    /** Creates one directory; its parent must exist (as Windows' CreateDirectory). */
    static void createDirectory(Path path) throws CommandFailure {
        try {
            Files.createDirectory(path);
        } catch (IOException e) {
            throw CommandFailure.of(e, path);
        }
    }

    private static void requireRegularFile(Path path) throws CommandFailure {
        if (Files.isDirectory(path)) {
            throw new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, path + ": is a directory");
        }
        if (!Files.exists(path)) throw CommandFailure.missing(path);
        if (!Files.isRegularFile(path)) {
            throw new CommandFailure(LiveResponseProtocol.E_ACCESS_DENIED, path + ": not a regular file");
        }
    }

    private static long number(JsonNode args, String name) throws CommandFailure {
        if (args == null || !args.hasNonNull(name)) return 0;
        JsonNode v = args.get(name);
        if (v.canConvertToLong()) return v.longValue();
        try {
            return Long.parseLong(v.asText().trim());
        } catch (NumberFormatException e) {
            throw CommandFailure.invalid(name + " is not a number: " + v.asText());
        }
    }

    /** At most {@code left} bytes of the stream. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return -1;
            int b = super.read();
            if (b >= 0) left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }
    }
}
