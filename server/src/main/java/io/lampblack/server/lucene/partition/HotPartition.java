package io.lampblack.server.lucene.partition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The partition being written: an {@link IndexWriter} whose commits carry, in their user data, the journal position
 * they cover and the newest receipt time indexed (the exactly-once contract), and a near-real-time reader manager
 * refreshed periodically.
 */
final class HotPartition implements AutoCloseable {

    static final String JOURNAL_POSITION = "lampblack.journal.position";
    static final String MAX_SERVER_TIME = "lampblack.max.server.time";
    /** Written by versions before the catalogue existed; read once when such a data directory is opened. */
    static final String CREATED = "lampblack.partition.created";

    final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager readers;
    private volatile long committedPosition;
    private volatile long committedMaxServerTime;
    private final long createdMillis;

    private HotPartition(Path path, Supplier<IndexWriterConfig> config, Runnable beforePublish, long defaultCreated)
            throws IOException {
        this.path = path;
        Files.createDirectories(path);
        this.directory = FSDirectory.open(path);
        IndexWriter w = null;
        try {
            IndexWriterConfig cfg = config.get();
            cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            cfg.setCommitOnClose(false);
            w = new IndexWriter(directory, cfg);
            Map<String, String> data = new HashMap<>();
            if (w.getLiveCommitData() != null) for (var e : w.getLiveCommitData()) data.put(e.getKey(), e.getValue());
            this.committedPosition = Long.parseLong(data.getOrDefault(JOURNAL_POSITION, "0"));
            this.committedMaxServerTime = Long.parseLong(data.getOrDefault(MAX_SERVER_TIME, "0"));
            this.createdMillis = Long.parseLong(data.getOrDefault(CREATED, Long.toString(defaultCreated)));
            if (!DirectoryReader.indexExists(directory)) {
                // A first, empty commit, so that the directory is an index from the start (listing, reopening).
                w.setLiveCommitData(
                        Map.of(JOURNAL_POSITION, "0", MAX_SERVER_TIME, "0").entrySet());
                w.commit();
            }
            // The path vocabulary is refreshed after a new segment reader is opened and before it is published,
            // so that every visible segment's paths are visible in the vocabulary.
            this.readers = new SearcherManager(w, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                    beforePublish.run();
                    return new IndexSearcher(reader);
                }
            });
            this.writer = w;
        } catch (IOException | RuntimeException e) {
            if (w != null) w.close();
            throw e;
        }
    }

    /** Opens (or creates empty) the hot partition in {@code path}. */
    static HotPartition open(Path path, Supplier<IndexWriterConfig> config, Runnable beforePublish, long nowMillis)
            throws IOException {
        return new HotPartition(path, config, beforePublish, nowMillis);
    }

    /**
     * Creates a new hot partition whose first commit already claims {@code journalPosition} and
     * {@code maxServerTime}: a crash right after the roll that creates it replays from that position into it.
     */
    static HotPartition create(
            Path path,
            Supplier<IndexWriterConfig> config,
            Runnable beforePublish,
            long journalPosition,
            long maxServerTime)
            throws IOException {
        if (Files.exists(path)) {
            // Left by a roll that failed before the catalogue named it (startup removes such directories too).
            PartitionFiles.deleteTree(path);
        }
        HotPartition p = new HotPartition(path, config, beforePublish, 0);
        try {
            p.commit(journalPosition, maxServerTime);
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    IndexWriter writer() {
        return writer;
    }

    long committedPosition() {
        return committedPosition;
    }

    long committedMaxServerTime() {
        return committedMaxServerTime;
    }

    /** Creation time recorded by versions before the catalogue, else the time given at open. */
    long createdMillis() {
        return createdMillis;
    }

    void commit(long journalPosition, long maxServerTime) throws IOException {
        writer.setLiveCommitData(
                Map.of(JOURNAL_POSITION, Long.toString(journalPosition), MAX_SERVER_TIME, Long.toString(maxServerTime))
                        .entrySet());
        writer.commit();
        committedPosition = journalPosition;
        committedMaxServerTime = maxServerTime;
    }

    /** Whether it holds no live document (committed or not). */
    boolean isEmpty() {
        return writer.getDocStats().numDocs == 0;
    }

    /**
     * The current near-real-time reader with a reference for the caller, who must {@code decRef} it.
     *
     * @throws org.apache.lucene.store.AlreadyClosedException once this partition was rolled and closed
     */
    DirectoryReader acquire() throws IOException {
        IndexSearcher s = readers.acquire();
        try {
            DirectoryReader r = (DirectoryReader) s.getIndexReader();
            r.incRef();
            return r;
        } finally {
            readers.release(s);
        }
    }

    void refresh(boolean blocking) throws IOException {
        if (blocking) readers.maybeRefreshBlocking();
        else readers.maybeRefresh();
    }

    /**
     * Closes the writer without committing (what is not committed is the journal's to replay). Readers handed out
     * stay usable until released. The directory object is left open on purpose: closing it would not release
     * anything the readers still use, and a roll reopens the same files as a warm partition through its own.
     */
    @Override
    public void close() throws IOException {
        try {
            readers.close();
        } finally {
            writer.close();
        }
    }
}
