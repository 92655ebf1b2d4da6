package io.lampblack.server.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable ingest journal: every accepted upload is appended here and fsync'ed before the sensor gets its 200.
 *
 * <p>One writer thread owns the files and does group commit: it drains whatever appends are waiting, writes them,
 * forces the file once for the whole batch, completes their futures, then hands each record (with the caller's
 * typed value it carries, normally the already-decoded upload) to the sink in journal order. Positions are global byte offsets;
 * a file is named by the position of its first byte.
 *
 * <p>Record layout (big-endian): magic 'LBJ1', body length, CRC32C of the body, then the body: server time (long),
 * sensor id (int), upload-id length (short) and UTF-8 bytes, payload. A torn record at the tail (crash during a
 * write that was never acknowledged) is cut off when the journal is opened.
 */
public final class Journal<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final int MAGIC = 0x4C424A31;
    private static final int HEADER = 12;
    private static final String SUFFIX = ".jnl";
    private static final int MAX_BATCH = 512;

    /** What the writer hands downstream after a record is durable. */
    public record Durable<T>(JournalRecord record, T carried) {}

    private record Pending<T>(
            int sensorId, String uploadId, byte[] payload, T carried, CompletableFuture<JournalRecord> done) {}

    private final Path dir;
    private final long fileSize;
    private final Clock clock;
    private final BlockingQueue<Pending<T>> queue = new ArrayBlockingQueue<>(4096);
    private final Thread writer;
    private volatile Consumer<Durable<T>> sink = d -> {};
    private volatile boolean closed;
    private volatile IOException failure;

    private FileChannel channel;
    private long fileStart;
    private long position;
    private long lastServerTime;

    private Journal(Path dir, long fileSize, Clock clock) throws IOException {
        this.dir = dir;
        this.fileSize = fileSize;
        this.clock = clock;
        Files.createDirectories(dir);
        openTail();
        this.writer = Thread.ofPlatform().name("journal-writer").daemon(true).unstarted(this::writeLoop);
    }

    public static <T> Journal<T> open(Path dir, long fileSize, Clock clock) {
        try {
            return new Journal<>(dir, fileSize, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal in " + dir, e);
        }
    }

    /** Starts the writer; records become durable and flow to {@code sink} from now on. */
    public void start(Consumer<Durable<T>> sink) {
        this.sink = sink;
        writer.start();
    }

    /**
     * Raises the floor under the next receipt time: segment ids already indexed (whose journal files may have been
     * trimmed) must never be handed out again, even if the clock stepped back.
     */
    public synchronized void receiptTimesAfter(long serverTime) {
        lastServerTime = Math.max(lastServerTime, serverTime);
    }

    /** Appends waiting for the writer (the journal's queue on the route). */
    public int queued() {
        return queue.size();
    }

    /** Position just past the last durable record (where replay ends and new records begin). */
    public synchronized long endPosition() {
        return position;
    }

    /**
     * Appends an upload. The future completes once the record is on disk (fsync), or fails if it cannot be made
     * durable. Blocks while the writer's queue is full (back-pressure towards the sensors).
     */
    public CompletableFuture<JournalRecord> append(int sensorId, String uploadId, byte[] payload, T carried)
            throws InterruptedException {
        if (closed) return CompletableFuture.failedFuture(new IOException("journal is closed"));
        if (failure != null) return CompletableFuture.failedFuture(failure);
        var p = new Pending<>(sensorId, uploadId, payload, carried, new CompletableFuture<>());
        // Bounded wait: a writer that stopped or a close in progress must not hang the request forever.
        while (!queue.offer(p, 100, TimeUnit.MILLISECONDS)) {
            if (closed || failure != null) {
                return CompletableFuture.failedFuture(failure != null ? failure : new IOException("journal is closed"));
            }
        }
        return p.done;
    }

    private void writeLoop() {
        List<Pending<T>> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                List<JournalRecord> written = writeBatch(batch);
                for (int i = 0; i < batch.size(); i++) batch.get(i).done.complete(written.get(i));
                for (int i = 0; i < batch.size(); i++) sink.accept(new Durable<>(written.get(i), batch.get(i).carried));
            } catch (IOException e) {
                failure = e;
                LOG.error("journal write failed; uploads are refused until restart", e);
                for (Pending<T> p : batch) p.done.completeExceptionally(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("journal sink failed", e);
            } catch (Error e) {
                failure = new IOException("journal writer stopped: " + e, e);
                LOG.error("journal writer stopped; uploads are refused until restart", e);
                for (Pending<T> p : batch) p.done.completeExceptionally(failure);
                for (Pending<T> p; (p = queue.poll()) != null; ) p.done.completeExceptionally(failure);
                throw e;
            } finally {
                batch.clear();
            }
        }
    }

    private synchronized List<JournalRecord> writeBatch(List<Pending<T>> batch) throws IOException {
        if (failure != null) throw failure;
        List<JournalRecord> out = new ArrayList<>(batch.size());
        ByteBuffer[] buffers = new ByteBuffer[batch.size() * 2];
        long pos = position;
        for (int i = 0; i < batch.size(); i++) {
            Pending<T> p = batch.get(i);
            long serverTime = Math.max(clock.millis(), lastServerTime + 1);
            lastServerTime = serverTime;
            byte[] id = p.uploadId.getBytes(StandardCharsets.UTF_8);
            int bodyLen = 8 + 4 + 2 + id.length + p.payload.length;
            ByteBuffer head = ByteBuffer.allocate(HEADER + 8 + 4 + 2 + id.length);
            head.putInt(MAGIC).putInt(bodyLen).putInt(0);
            head.putLong(serverTime)
                    .putInt(p.sensorId)
                    .putShort((short) id.length)
                    .put(id);
            CRC32C crc = new CRC32C();
            crc.update(head.array(), HEADER, head.capacity() - HEADER);
            crc.update(p.payload);
            head.putInt(8, (int) crc.getValue());
            head.flip();
            buffers[2 * i] = head;
            buffers[2 * i + 1] = ByteBuffer.wrap(p.payload);
            long end = pos + HEADER + bodyLen;
            out.add(new JournalRecord(pos, end, serverTime, p.sensorId, p.uploadId, p.payload));
            pos = end;
        }
        long remaining = pos - position;
        while (remaining > 0) remaining -= channel.write(buffers);
        channel.force(false);
        position = pos;
        if (position - fileStart >= fileSize) roll();
        return out;
    }

    private void roll() throws IOException {
        channel.close();
        fileStart = position;
        channel = FileChannel.open(
                fileFor(fileStart), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        forceDirectory();
    }

    /** Reads every durable record at or after {@code from}, in order. Used for crash recovery. */
    public void replay(long from, Consumer<JournalRecord> consumer) {
        replay(from, Long.MAX_VALUE, consumer);
    }

    /**
     * Reads every durable record at or after {@code from} and before {@code until}, in order. A replay that runs
     * while the writer appends takes {@code until} from {@link #endPosition()} before the writer starts: records
     * written later reach the writer's sink and must not be read here a second time.
     */
    public void replay(long from, long until, Consumer<JournalRecord> consumer) {
        TreeMap<Long, Path> files = files();
        for (var e : files.entrySet()) {
            if (e.getKey() >= until) break;
            Long next = files.higherKey(e.getKey());
            if (next != null && next <= from) continue;
            scan(e.getValue(), e.getKey(), from, until, consumer);
        }
    }

    /**
     * Deletes journal files whose records all lie before {@code committed} (covered by an index commit), handing
     * their records to {@code beforeDelete} first (all at once, so it can make what it keeps durable in one go).
     * The active file is never deleted.
     */
    public void trim(long committed, Consumer<List<JournalRecord>> beforeDelete) {
        long activeStart;
        synchronized (this) {
            activeStart = fileStart;
        }
        TreeMap<Long, Path> files = files();
        List<Path> doomed = new ArrayList<>();
        List<JournalRecord> records = new ArrayList<>();
        for (var e : files.entrySet()) {
            Long next = files.higherKey(e.getKey());
            if (next == null || e.getKey() >= activeStart || next > committed) continue;
            scan(e.getValue(), e.getKey(), 0, records::add);
            doomed.add(e.getValue());
        }
        if (doomed.isEmpty()) return;
        beforeDelete.accept(records);
        for (Path f : doomed) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ex) {
                LOG.warn("cannot delete journal file {}: {}", f, ex.toString());
            }
        }
    }

    /** Whether appends are taken: open, and no write has failed (a failed write refuses uploads until restart). */
    public boolean healthy() {
        return !closed && failure == null;
    }

    /** Whether {@link #close} has begun (the writer then hands over what is left and stops). */
    public boolean closing() {
        return closed;
    }

    /** Refuses every later append (the pipeline behind the journal stopped). */
    public void fail(IOException cause) {
        failure = cause;
    }

    private TreeMap<Long, Path> files() {
        TreeMap<Long, Path> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).forEach(p -> {
                String n = p.getFileName().toString();
                m.put(Long.parseLong(n.substring(0, n.length() - SUFFIX.length())), p);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    private Path fileFor(long start) {
        return dir.resolve(String.format("%020d%s", start, SUFFIX));
    }

    /** Opens the last file for appending after cutting any torn tail. */
    private void openTail() throws IOException {
        TreeMap<Long, Path> files = files();
        if (files.isEmpty()) {
            fileStart = 0;
            position = 0;
            channel = FileChannel.open(
                    fileFor(0), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            forceDirectory();
            return;
        }
        var last = files.lastEntry();
        long[] validEnd = {last.getKey()};
        long[] maxTime = {0};
        scan(last.getValue(), last.getKey(), 0, r -> {
            validEnd[0] = r.end();
            maxTime[0] = Math.max(maxTime[0], r.serverTime());
        });
        long validBytes = validEnd[0] - last.getKey();
        try (FileChannel ch = FileChannel.open(last.getValue(), StandardOpenOption.WRITE)) {
            if (ch.size() > validBytes) {
                LOG.warn(
                        "journal {}: cutting {} bytes of an incomplete record at the tail",
                        last.getValue().getFileName(),
                        ch.size() - validBytes);
                ch.truncate(validBytes);
                ch.force(true);
            }
        }
        // Receipt times must keep increasing across restarts; the newest record may be in an earlier file when the
        // last one was just started.
        for (var e = files.lowerEntry(last.getKey()); e != null && maxTime[0] == 0; e = files.lowerEntry(e.getKey())) {
            scan(e.getValue(), e.getKey(), 0, r -> maxTime[0] = Math.max(maxTime[0], r.serverTime()));
        }
        fileStart = last.getKey();
        position = validEnd[0];
        lastServerTime = maxTime[0];
        channel = FileChannel.open(last.getValue(), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Calls {@code consumer} for each valid record of one file at or after {@code from}; stops at the first bad one. */
    private static void scan(Path file, long fileStart, long from, Consumer<JournalRecord> consumer) {
        scan(file, fileStart, from, Long.MAX_VALUE, consumer);
    }

    /** As {@link #scan(Path, long, long, Consumer)}, reading nothing at or past the journal position {@code until}. */
    private static void scan(Path file, long fileStart, long from, long until, Consumer<JournalRecord> consumer) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = until == Long.MAX_VALUE ? ch.size() : Math.min(ch.size(), Math.max(0, until - fileStart));
            long off = 0;
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            while (off + HEADER <= size) {
                head.clear();
                ch.read(head, off);
                head.flip();
                int magic = head.getInt();
                int len = head.getInt();
                int crc = head.getInt();
                if (magic != MAGIC || len < 14 || off + HEADER + len > size) return;
                long pos = fileStart + off;
                long end = pos + HEADER + len;
                if (pos < from) {
                    off += HEADER + len;
                    continue;
                }
                ByteBuffer body = ByteBuffer.allocate(len);
                while (body.hasRemaining()) {
                    if (ch.read(body, off + HEADER + body.position()) < 0) return;
                }
                CRC32C c = new CRC32C();
                c.update(body.array(), 0, len);
                if ((int) c.getValue() != crc) return;
                body.flip();
                long serverTime = body.getLong();
                int sensorId = body.getInt();
                int idLen = body.getShort() & 0xffff;
                String uploadId = new String(body.array(), body.position(), idLen, StandardCharsets.UTF_8);
                int payloadStart = body.position() + idLen;
                byte[] payload = new byte[len - payloadStart];
                System.arraycopy(body.array(), payloadStart, payload, 0, payload.length);
                consumer.accept(new JournalRecord(pos, end, serverTime, sensorId, uploadId, payload));
                off += HEADER + len;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal file " + file, e);
        }
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // Not every file system allows fsync on a directory; the file's own fsync still holds its data.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("closing journal: {}", e.toString());
            }
        }
    }
}
