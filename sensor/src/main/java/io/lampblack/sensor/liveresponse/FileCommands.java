package io.lampblack.sensor.liveresponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code get file}, {@code put file}, {@code delete file} and {@code create directory}. */
final class FileCommands {

    private static final Set<OpenOption> CREATE_PART =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final SecureRandom RANDOM = new SecureRandom();

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
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw CommandFailure.of(e, path);
        }
        // /proc and /sys files say size 0 and still have content: only a real size bounds the offset
        if (size > 0 && offset > size) {
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
            // opened here, on this thread, so that "permission denied" is the command's own error: the HTTP client
            // asks for the stream on a thread of its own, where a failure only breaks the upload
            InputStream first;
            try {
                first = open(path, offset, count);
            } catch (IOException e) {
                throw CommandFailure.of(e, path);
            }
            opened.add(first);
            AtomicBoolean firstTaken = new AtomicBoolean();
            files.upload(fileId, () -> {
                if (firstTaken.compareAndSet(false, true)) return first;
                try {
                    // a retried request reads the file again from the start
                    InputStream again = open(path, offset, count);
                    opened.add(again);
                    return again;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
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

    private static InputStream open(Path path, long offset, long count) throws IOException {
        FileChannel channel = FileChannel.open(path);
        try {
            if (channel.size() > 0) {
                channel.position(offset);
            } else {
                // /proc and /sys files have no size to seek in: what precedes the offset is read and dropped
                ByteBuffer skip = ByteBuffer.allocate(8192);
                for (long left = offset; left > 0; ) {
                    skip.clear().limit((int) Math.min(skip.capacity(), left));
                    int n = channel.read(skip);
                    if (n < 0) break;
                    left -= n;
                }
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        InputStream in = Channels.newInputStream(channel);
        return count > 0 ? new Limited(in, count) : in;
    }

    /**
     * Downloads the analyst's file next to {@code path} and links it into place only once whole, so that nobody
     * ever sees half a file. An existing file is not overwritten (Carbon Black refuses it too). The file is
     * {@code rw-------} from its creation on (an analyst's tool or evidence is nobody else's business; a {@code
     * create process} can widen it), and it is written through the descriptor that created it, never reopened by
     * name, so that nobody who may write to the directory can swap a symbolic link in under the sensor.
     */
    static void putFile(Path path, Long fileId, Long fileSize, SessionFiles files)
            throws CommandFailure, InterruptedException {
        if (fileId == null) throw CommandFailure.invalid("put file without the file_id of an uploaded file");
        if (fileSize != null && fileSize < 0) throw CommandFailure.invalid("file_size must not be negative");
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandFailure(LiveResponseProtocol.E_ALREADY_EXISTS, path + ": already exists");
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw CommandFailure.missing(path);
        Path part = dir.resolve("." + path.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".lbpart");
        SeekableByteChannel channel;
        Object created;
        try {
            // O_CREAT|O_EXCL: fails on any existing name, a symbolic link included
            channel = Files.newByteChannel(part, CREATE_PART, OWNER_ONLY);
        } catch (IOException e) {
            throw CommandFailure.of(e, path);
        }
        try {
            long got;
            try (channel) {
                created = fileKey(part);
                got = files.download(
                        fileId, Channels.newOutputStream(channel), fileSize == null ? Long.MAX_VALUE : fileSize);
            }
            if (fileSize != null && got != fileSize) {
                throw new CommandFailure(
                        LiveResponseProtocol.E_FAIL,
                        "file " + fileId + " arrived with " + (got > fileSize ? "more than " + fileSize : got)
                                + " bytes, expected " + fileSize);
            }
            if (created == null || !created.equals(fileKey(part)) || Files.size(part) != got) {
                throw new CommandFailure(
                        LiveResponseProtocol.E_FAIL, part + " was replaced while downloading; nothing was placed");
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

    /** The file's identity (device and inode) without following a link; null for anything but a regular file. */
    private static Object fileKey(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.isRegularFile() ? a.fileKey() : null;
    }

    /**
     * A hard link fails when the name exists, atomically. Only where the file system has no hard links (EPERM on
     * FAT, "not supported" elsewhere) a plain move, which checks the name and then renames, is the fallback.
     */
    private static void place(Path part, Path path) throws CommandFailure {
        try {
            Files.createLink(path, part);
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailure(LiveResponseProtocol.E_ALREADY_EXISTS, path + ": already exists");
        } catch (UnsupportedOperationException e) {
            move(part, path);
        } catch (FileSystemException e) {
            String reason = String.valueOf(e.getReason());
            if (reason.contains("Operation not permitted") || reason.contains("not supported")) move(part, path);
            else throw CommandFailure.of(e, path);
        } catch (IOException e) {
            throw CommandFailure.of(e, path);
        }
    }

    private static void move(Path part, Path path) throws CommandFailure {
        try {
            Files.move(part, path);
        } catch (IOException m) {
            throw CommandFailure.of(m, path);
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
