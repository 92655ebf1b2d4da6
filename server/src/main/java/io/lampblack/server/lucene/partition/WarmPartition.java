package io.lampblack.server.lucene.partition;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rolled, read-only partition as one immutable value: its catalogue entry and, when mounted (warm), the reader
 * searches share. Mounting or unmounting makes a new value; the old value's reader is {@link #retire retired}: its
 * own reference is dropped, and the reader (and, for a deleted partition, the files) goes only when the last search
 * that leased it has released it.
 */
final class WarmPartition {

    private static final Logger LOG = LoggerFactory.getLogger(WarmPartition.class);

    final PartitionEntry entry;
    final Path path;
    /** Null when cold. */
    private final DirectoryReader reader;

    private WarmPartition(PartitionEntry entry, Path path, DirectoryReader reader) {
        this.entry = entry;
        this.path = path;
        this.reader = reader;
    }

    /** A cold partition: nothing open. */
    static WarmPartition cold(PartitionEntry entry, Path path) {
        return new WarmPartition(entry, path, null);
    }

    /** Opens the partition's last commit for searching. */
    static WarmPartition mounted(PartitionEntry entry, Path path) throws IOException {
        return withReader(entry, path, openReader(path));
    }

    /** A warm partition over a reader already opened (by a roll); the reference passes to the new value. */
    static WarmPartition withReader(PartitionEntry entry, Path path, DirectoryReader reader) {
        return new WarmPartition(entry, path, reader);
    }

    static DirectoryReader openReader(Path path) throws IOException {
        Directory dir = FSDirectory.open(path);
        try {
            DirectoryReader r = DirectoryReader.open(dir);
            // The directory lives as long as the reader: closed when the last reference to the reader goes.
            r.getReaderCacheHelper().addClosedListener(key -> dir.close());
            return r;
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    boolean isMounted() {
        return reader != null;
    }

    /** The reader with a reference for the caller, or null when cold or retired meanwhile. */
    DirectoryReader tryAcquire() {
        return reader != null && reader.tryIncRef() ? reader : null;
    }

    /**
     * Gives up this value's reference to its reader (after a newer value replaced it). With {@code deleteFiles}
     * the directory is removed once nothing reads it any more: at once when cold, else when the last search lets
     * go of the reader.
     */
    void retire(boolean deleteFiles) {
        if (reader == null) {
            if (deleteFiles) PartitionFiles.deleteTree(path);
            return;
        }
        if (deleteFiles) {
            reader.getReaderCacheHelper().addClosedListener(key -> {
                try {
                    PartitionFiles.deleteTree(path);
                    LOG.info("partition {}: files removed from {}", entry.name(), path);
                } catch (RuntimeException e) {
                    // Left behind: the next start removes directories the catalogue does not name.
                    LOG.warn(
                            "partition {}: cannot remove {} now ({}); it goes at the next start",
                            entry.name(),
                            path,
                            e.toString());
                }
            });
        }
        try {
            reader.decRef();
        } catch (IOException e) {
            LOG.warn("partition {}: closing its reader: {}", entry.name(), e.toString());
        }
    }

    WarmPartition withEntry(PartitionEntry newEntry) {
        return new WarmPartition(newEntry, path, reader);
    }
}
