package io.lampblack.server.lucene.partition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.search.IndexSearcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readers of the partitions one search uses, each with a reference held for the search's duration: an
 * unmount, delete or roll meanwhile cannot close them under it. {@link #close} gives the references back.
 */
public final class ReaderLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderLease.class);

    private final List<DirectoryReader> readers;
    private final MultiReader all;
    private final IndexSearcher searcher;

    ReaderLease(List<DirectoryReader> readers, Executor executor) {
        this.readers = List.copyOf(readers);
        try {
            // closeSubReaders = false: the multi-reader takes and gives back references of its own.
            this.all = new MultiReader(readers.toArray(new IndexReader[0]), false);
        } catch (IOException e) {
            release(readers);
            throw new UncheckedIOException(e);
        }
        this.searcher = new PartitionSearcher(all, executor);
    }

    public IndexSearcher searcher() {
        return searcher;
    }

    /** How many partitions the search covers. */
    public int partitionCount() {
        return readers.size();
    }

    @Override
    public void close() {
        try {
            all.close();
        } catch (IOException e) {
            LOG.warn("closing a search's multi-reader: {}", e.toString());
        }
        release(readers);
    }

    static void release(List<DirectoryReader> readers) {
        for (DirectoryReader r : readers) {
            try {
                r.decRef();
            } catch (IOException e) {
                LOG.warn("releasing a partition reader: {}", e.toString());
            }
        }
    }
}
