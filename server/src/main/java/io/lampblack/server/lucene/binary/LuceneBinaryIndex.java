package io.lampblack.server.lucene.binary;

import io.lampblack.server.binary.BinaryChange;
import io.lampblack.server.binary.BinaryDelta;
import io.lampblack.server.binary.BinaryIndex;
import io.lampblack.server.binary.BinaryRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binary index on local Lucene: one document per MD5, rewritten whole ({@code updateDocument}) when new
 * observations change it. Writes come only from the catalog's flush, one batch at a time, and each batch ends with
 * a refresh so that the next batch reads what the previous one wrote.
 *
 * <p>Not derived data: module-info metadata exists nowhere else once the journal is trimmed, so this directory is
 * backed up with the process index. Its commits happen just before the process index commits (see
 * {@link io.lampblack.server.binary.BinaryCatalog}), so after a crash it covers at least what the replayed journal
 * does not.
 */
public final class LuceneBinaryIndex implements BinaryIndex {

    private static final Logger LOG = LoggerFactory.getLogger(LuceneBinaryIndex.class);

    /** Work on an index searcher. */
    @FunctionalInterface
    public interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    public LuceneBinaryIndex(Path dir) {
        try {
            Files.createDirectories(dir);
            this.directory = FSDirectory.open(dir);
            IndexWriterConfig cfg = new IndexWriterConfig();
            // Commits and refreshes must not wait for merges (Lucene waits up to 500 ms by default): they happen
            // at hit and ingest speed.
            cfg.setMaxFullFlushMergeWaitMillis(0);
            cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            cfg.setCommitOnClose(false);
            this.writer = new IndexWriter(directory, cfg);
            if (!DirectoryReader.indexExists(directory)) {
                writer.commit();
            }
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the binary index in " + dir, e);
        }
    }

    /**
     * Merges each delta into its binary's document and writes the documents that changed; then makes them
     * searchable. Not thread-safe with itself: the catalog calls it from one flush at a time.
     */
    @Override
    public List<BinaryChange> apply(Collection<BinaryDelta> deltas) {
        List<BinaryChange> changes = new ArrayList<>(deltas.size());
        try {
            read(s -> {
                for (BinaryDelta delta : deltas) {
                    BinaryChange change = delta.applyTo(find(s, delta.md5()));
                    if (change.changed()) {
                        writer.updateDocument(BinaryDocument.key(delta.md5()), BinaryDocument.build(change.record()));
                    }
                    changes.add(change);
                }
                return null;
            });
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("binary index update failed", e);
        }
        return changes;
    }

    /** The binary with that MD5 (either case), if the index has it. */
    @Override
    public Optional<BinaryRecord> find(String md5) {
        return read(s -> find(s, md5));
    }

    private static Optional<BinaryRecord> find(IndexSearcher s, String md5) throws IOException {
        TopDocs top = s.search(new TermQuery(BinaryDocument.key(md5)), 1);
        if (top.scoreDocs.length == 0) {
            return Optional.empty();
        }
        Document d = s.storedFields().document(top.scoreDocs[0].doc, BinaryDocument.STORED);
        return Optional.of(BinaryDocument.read(d));
    }

    /** Makes everything applied so far durable. */
    @Override
    public void commit() {
        try {
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("binary index commit failed", e);
        }
    }

    @Override
    public long count() {
        return read(s -> (long) s.getIndexReader().numDocs());
    }

    /** Runs {@code work} on the current searcher, released afterwards; I/O failures become unchecked. */
    public <T> T read(SearcherWork<T> work) {
        return io.lampblack.server.lucene.SearcherWork.on(searchers, work::apply);
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            LOG.warn("closing the binary index: {}", e.toString());
        }
    }
}
