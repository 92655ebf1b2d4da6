package io.lampblack.sensor.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * MD5 and SHA-256 of files, each file hashed once per (device, inode, size, modification time): a binary run a
 * thousand times is read once. Hashing runs on one thread of its own, never on the threads that read kernel events;
 * the queue in front of it and the cache behind it are bounded, and a file over the size limit is not hashed (its
 * hashes are unknown).
 */
final class FileHasher implements AutoCloseable {

    /** Identity of a file's content as the file system tells it, without reading the content. */
    record FileKey(long device, long inode, long size, long modifiedNanos) {}

    /** The hashes of a file and where it was read. */
    record FileHash(FileKey key, Path path, byte[] md5, byte[] sha256) {
        String md5Hex() {
            return java.util.HexFormat.of().formatHex(md5);
        }
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int MAX_QUEUE = 4096;
    private static final int MAX_CACHE = 16_384;
    static final long MAX_SIZE = 256L * 1024 * 1024;

    private final ExecutorService pool;
    private final Map<FileKey, CompletableFuture<Optional<FileHash>>> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FileKey, CompletableFuture<Optional<FileHash>>> e) {
            return size() > MAX_CACHE;
        }
    };

    FileHasher() {
        pool = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(MAX_QUEUE),
                r -> Thread.ofPlatform().daemon().name("telemetry-hash").unstarted(r));
    }

    /** The key of the file behind {@code path} (symbolic links, /proc's exe links included, followed). */
    static Optional<FileKey> keyOf(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime,mode");
            if (((Integer) a.get("mode") & S_IFMT) != S_IFREG) {
                return Optional.empty(); // a device (a mapping of /dev/zero) or a pipe has no content to hash
            }
            FileTime mtime = (FileTime) a.get("lastModifiedTime");
            return Optional.of(new FileKey(
                    (Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"), mtime.to(TimeUnit.NANOSECONDS)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The hashes of the file at {@code readFrom} (what is opened) that lies at {@code path} (what is reported), once
     * done; empty when it cannot be read, is over the size limit, or the queue is full.
     */
    CompletableFuture<Optional<FileHash>> hash(Path readFrom, Path path) {
        // The key is the reported path's while that file is there: what the path names is what is described (an
        // exe link read a moment later may already show the program of a later exec).
        Optional<FileKey> key = keyOf(path);
        if (key.isEmpty()) {
            key = keyOf(readFrom);
        }
        if (key.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        FileKey k = key.get();
        CompletableFuture<Optional<FileHash>> future;
        synchronized (cache) {
            future = cache.get(k);
            if (future != null) {
                return future;
            }
            future = new CompletableFuture<>();
            cache.put(k, future);
        }
        if (k.size() > MAX_SIZE) {
            future.complete(Optional.empty());
            return future;
        }
        CompletableFuture<Optional<FileHash>> f = future;
        try {
            pool.execute(() -> f.complete(compute(k, readFrom, path)));
        } catch (RejectedExecutionException e) {
            synchronized (cache) {
                cache.remove(k);
            }
            f.complete(Optional.empty());
        }
        return f;
    }

    /**
     * Reads the file at {@code path} when it still holds the content the key names, else {@code readFrom} (a process's
     * exe link: the executable even when deleted or replaced). What is read is checked against the key once opened: an
     * exe link follows the process through a later exec, and another program's content must not go under this key.
     */
    private Optional<FileHash> compute(FileKey key, Path readFrom, Path path) {
        Optional<FileHash> out = keyOf(path).filter(key::equals).isPresent() ? read(key, path, path) : Optional.empty();
        if (out.isEmpty() && !readFrom.equals(path)) {
            out = read(key, readFrom, path);
        }
        if (out.isEmpty()) {
            synchronized (cache) {
                cache.remove(key);
            }
        }
        return out;
    }

    private static Optional<FileHash> read(FileKey key, Path readFrom, Path path) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = RegularFile.open(readFrom, true)) {
                if (keyOf(readFrom).filter(key::equals).isEmpty()) {
                    return Optional.empty();
                }
                // At most the size the key names: a file still being written is not followed.
                long left = key.size();
                int n;
                while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                    md5.update(buf, 0, n);
                    sha.update(buf, 0, n);
                    left -= n;
                }
                if (left > 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(new FileHash(key, path, md5.digest(), sha.digest()));
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
