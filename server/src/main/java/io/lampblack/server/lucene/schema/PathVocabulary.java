package io.lampblack.server.lucene.schema;

import io.lampblack.server.search.schema.ProcessFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;

/**
 * Every distinct path of every path field (path, modload, filemod, regmod) that segment documents hold, with its
 * right-anchored sub-paths indexed as terms. Segment documents index each path once, as a whole; a sub-path query
 * (`filemod:temp\evil.dll`, `path:c:\windows\*`) is first run here, on distinct paths only, and becomes a
 * {@link TermInSetQuery} of the whole paths it matches. Indexing cost then follows distinct paths per segment
 * instead of sub-paths per segment, and new paths are rare: most repeat across segments.
 *
 * <p>Consistency: a path is learnt before the segment document holding it is added, the vocabulary is refreshed
 * before the segment index and committed before it, so a visible or committed segment's paths are always here.
 * Which paths are already known is kept as 64-bit hashes in memory (rebuilt from the vocabulary at start).
 */
public final class PathVocabulary implements AutoCloseable {

    /** Doc values {@code field + '\0' + path}: what a resolved clause needs, and what a restart reloads. */
    private static final String ENTRY = "_ve";

    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final LongSet known = new LongSet();
    private final ProcessFieldWriter subPaths = ProcessFieldWriter.forVocabularyEntries();

    public PathVocabulary(Directory directory) {
        try {
            IndexWriterConfig cfg = new IndexWriterConfig();
            // A refresh must not wait for merges (Lucene waits up to 500 ms by default): every refresh of the
            // process index refreshes this too, and the watchlist stream refreshes every batch.
            cfg.setMaxFullFlushMergeWaitMillis(0);
            cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            cfg.setCommitOnClose(false);
            cfg.setRAMBufferSizeMB(64);
            this.writer = new IndexWriter(directory, cfg);
            this.searchers = new SearcherManager(writer, null);
            loadKnown();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the path vocabulary", e);
        }
    }

    /** Records a normalised path of {@code field} if it is new. Thread-safe; cheap when the path is known. */
    public void learn(String field, char[] buffer, int offset, int length) {
        long h = hash(field, buffer, offset, length);
        if (known.contains(h)) return;
        synchronized (this) {
            if (known.contains(h)) return;
            String path = new String(buffer, offset, length);
            Document doc = new Document();
            subPaths.reset(doc);
            if (field.equals(ProcessFields.REGMOD)) subPaths.regmod(path);
            else subPaths.path(field, path);
            doc.add(new SortedDocValuesField(ENTRY, new BytesRef(field + '\u0000' + path)));
            try {
                writer.addDocument(doc);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot add to the path vocabulary", e);
            }
            // Known only once it is in the vocabulary's writer: another thread that skips it may rely on that.
            known.add(h);
        }
    }

    /**
     * The whole paths of {@code field} whose sub-paths match {@code subPathQuery}, as a query on that field of
     * segment documents.
     */
    public java.util.Optional<Query> resolve(String field, Query subPathQuery, int maxPaths) {
        if (subPathQuery instanceof MatchNoDocsQuery) return java.util.Optional.of(subPathQuery);
        List<BytesRef> paths = new ArrayList<>();
        IndexSearcher s = acquire();
        try {
            s.search(subPathQuery, new SimpleCollector() {
                private SortedDocValues values;

                @Override
                protected void doSetNextReader(LeafReaderContext context) throws IOException {
                    values = context.reader().getSortedDocValues(ENTRY);
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (values != null && values.advanceExact(doc)) {
                        if (paths.size() >= maxPaths)
                            throw new org.apache.lucene.search.CollectionTerminatedException();
                        BytesRef entry = values.lookupOrd(values.ordValue());
                        int sep = entry.offset;
                        while (entry.bytes[sep] != 0) sep++;
                        paths.add(new BytesRef(
                                java.util.Arrays.copyOfRange(entry.bytes, sep + 1, entry.offset + entry.length)));
                    }
                }

                @Override
                public ScoreMode scoreMode() {
                    return ScoreMode.COMPLETE_NO_SCORES;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(s);
        }
        if (paths.size() >= maxPaths) return java.util.Optional.empty();
        // The sub-path query also runs on the documents themselves: their whole paths are sub-paths too, and paths
        // too long to be one term are indexed there by their sub-paths.
        org.apache.lucene.search.BooleanQuery.Builder any = new org.apache.lucene.search.BooleanQuery.Builder();
        if (!paths.isEmpty())
            any.add(new TermInSetQuery(field, paths), org.apache.lucene.search.BooleanClause.Occur.SHOULD);
        any.add(subPathQuery, org.apache.lucene.search.BooleanClause.Occur.SHOULD);
        return java.util.Optional.of(any.build());
    }

    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void commit() {
        try {
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("path vocabulary commit failed", e);
        }
    }

    public int size() {
        return known.size();
    }

    private void loadKnown() throws IOException {
        try (DirectoryReader r = DirectoryReader.open(writer)) {
            for (LeafReaderContext leaf : r.leaves()) {
                SortedDocValues entries = leaf.reader().getSortedDocValues(ENTRY);
                if (entries == null) continue;
                TermsEnum te = entries.termsEnum();
                for (BytesRef t = te.next(); t != null; t = te.next()) {
                    String entry = t.utf8ToString();
                    int sep = entry.indexOf('\u0000');
                    char[] path = entry.substring(sep + 1).toCharArray();
                    known.add(hash(entry.substring(0, sep), path, 0, path.length));
                }
            }
        }
    }

    /** 64-bit FNV-1a over field and path, finished with a strong mix. */
    static long hash(String field, char[] buffer, int offset, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < field.length(); i++) h = (h ^ field.charAt(i)) * 0x100000001b3L;
        h = (h ^ 0xffff) * 0x100000001b3L;
        for (int i = offset; i < offset + length; i++) h = (h ^ buffer[i]) * 0x100000001b3L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private IndexSearcher acquire() {
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void release(IndexSearcher s) {
        try {
            searchers.release(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A synchronized open-addressing set of non-zero longs (zero is remapped). */
    static final class LongSet {
        private long[] table = new long[1 << 16];
        private int size;

        synchronized boolean contains(long v) {
            long k = v == 0 ? 1 : v;
            int mask = table.length - 1;
            for (int i = (int) (k ^ (k >>> 32)) & mask; ; i = (i + 1) & mask) {
                if (table[i] == 0) return false;
                if (table[i] == k) return true;
            }
        }

        synchronized boolean add(long v) {
            long k = v == 0 ? 1 : v;
            if (size * 2 >= table.length) grow();
            int mask = table.length - 1;
            for (int i = (int) (k ^ (k >>> 32)) & mask; ; i = (i + 1) & mask) {
                if (table[i] == 0) {
                    table[i] = k;
                    size++;
                    return true;
                }
                if (table[i] == k) return false;
            }
        }

        synchronized void remove(long v) {
            // Only used to undo an add whose document failed; rebuilding keeps probing chains intact.
            long k = v == 0 ? 1 : v;
            long[] old = table;
            table = new long[old.length];
            size = 0;
            for (long x : old) if (x != 0 && x != k) add(x);
        }

        synchronized int size() {
            return size;
        }

        private void grow() {
            long[] old = table;
            table = new long[old.length * 2];
            size = 0;
            int mask = table.length - 1;
            for (long k : old) {
                if (k == 0) continue;
                int i = (int) (k ^ (k >>> 32)) & mask;
                while (table[i] != 0) i = (i + 1) & mask;
                table[i] = k;
                size++;
            }
        }
    }
}
