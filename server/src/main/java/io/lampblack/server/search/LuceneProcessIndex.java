package io.lampblack.server.search;

import io.lampblack.server.process.MetadataLookup;
import io.lampblack.server.process.ProcessMetadata;
import io.lampblack.server.process.ProcessSegment;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHitCountCollectorManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import io.lampblack.server.search.query.QueryTranslator;
import io.lampblack.server.search.schema.PathVocabulary;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Clock;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.IndexReader;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.SortFields;
import io.lampblack.server.search.schema.ProcessSchema;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.SegmentId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The process index on local Lucene: one document per segment in the hot partition {@code writer}.
 *
 * <p>Exactly-once indexing: each commit records in its user data the journal position it covers. After a crash the
 * pipeline replays the journal from there, and records that may already be in the index are re-added with
 * {@link #add(List, boolean) replace = true} (update by unique id), so nothing is indexed twice.
 */
public final class LuceneProcessIndex implements ProcessIndex {

    private static final Logger LOG = LoggerFactory.getLogger(LuceneProcessIndex.class);
    public static final String JOURNAL_POSITION = "lampblack.journal.position";
    public static final String HOT_PARTITION = "writer";
    public static final String MAX_SERVER_TIME = "lampblack.max.server.time";

    private final Path dir;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ScheduledExecutorService refresher;
    private final long createdMillis;
    private final ThreadLocal<SegmentDocumentBuilder> builders;
    private volatile long committedPosition;
    private final AtomicLong maxServerTime = new AtomicLong();

    private final QueryTranslator translator;
    private final PathVocabulary vocabulary;
    private final Directory vocabularyDirectory;

    /**
     * @param clock                 for relative times in queries ({@code start:-2h})
     * @param allowLeadingWildcards whether queries may start a term with a wildcard (slow)
     */
    public LuceneProcessIndex(Path indexRoot, int ramBufferMb, int refreshMillis, Clock clock,
                              boolean allowLeadingWildcards) {
        this(indexRoot, ramBufferMb, refreshMillis, clock, allowLeadingWildcards,
                io.lampblack.server.search.query.DynamicFieldResolver.unsupported());
    }

    /** @param dynamicFields binary-join, feed-score and watchlist clauses (e.g. {@code binary.BinaryJoinResolver}) */
    public LuceneProcessIndex(Path indexRoot, int ramBufferMb, int refreshMillis, Clock clock,
                              boolean allowLeadingWildcards,
                              io.lampblack.server.search.query.DynamicFieldResolver dynamicFields) {
        try {
            this.dir = indexRoot.resolve(HOT_PARTITION);
            Files.createDirectories(dir);
            this.vocabularyDirectory = FSDirectory.open(indexRoot.resolve(HOT_PARTITION + ".paths"));
            this.vocabulary = new PathVocabulary(vocabularyDirectory);
            this.translator = QueryTranslator.forProcesses(clock, allowLeadingWildcards,
                    LuceneProcessIndex.this::resolvePaths, dynamicFields);
            var paths = vocabulary;
            this.builders = ThreadLocal.withInitial(() -> new SegmentDocumentBuilder(paths));
            this.directory = FSDirectory.open(dir);
            IndexWriterConfig cfg = new IndexWriterConfig();
            cfg.setRAMBufferSizeMB(ramBufferMb);
            cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            cfg.setCommitOnClose(false);
            cfg.setCodec(new LampblackCodec());
            // Near-real-time refreshes flush small segments every second; packing each into a compound file would
            // copy every byte once more, and merging them in tiers of 10 rewrites data often. Wider tiers and no
            // compound files trade a few more open files for much less write amplification at ingest.
            cfg.setUseCompoundFile(false);
            TieredMergePolicy mp = new TieredMergePolicy();
            mp.setNoCFSRatio(0.0);
            mp.setSegmentsPerTier(20);
            mp.setFloorSegmentMB(64);
            cfg.setMergePolicy(mp);
            // Refreshes and commits must not wait for merges: ingest latency matters more than segment count.
            cfg.setMaxFullFlushMergeWaitMillis(0);
            this.writer = new IndexWriter(directory, cfg);
            Map<String, String> data = new HashMap<>();
            for (var e : writer.getLiveCommitData() == null ? List.<Map.Entry<String, String>>of() : writer.getLiveCommitData()) {
                data.put(e.getKey(), e.getValue());
            }
            this.committedPosition = Long.parseLong(data.getOrDefault(JOURNAL_POSITION, "0"));
            this.maxServerTime.set(Long.parseLong(data.getOrDefault(MAX_SERVER_TIME, "0")));
            this.createdMillis = Long.parseLong(data.getOrDefault("lampblack.partition.created",
                    String.valueOf(System.currentTimeMillis())));
            if (!DirectoryReader.indexExists(directory)) {
                // A first, empty commit: the partition listing (read by every client at start) needs one to report.
                writer.setLiveCommitData(Map.of(JOURNAL_POSITION, "0", "lampblack.partition.created",
                        Long.toString(createdMillis)).entrySet());
                writer.commit();
            }
            // The path vocabulary is refreshed after a new segment reader is opened and before it is published, so
            // that every visible segment's paths are visible in the vocabulary.
            var known = this.vocabulary;
            this.searchers = new SearcherManager(writer, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                    known.refresh();
                    return new IndexSearcher(reader);
                }
            });
            this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("index-refresh").daemon(true).factory());
            refresher.scheduleWithFixedDelay(this::refreshQuietly, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the process index in " + indexRoot, e);
        }
    }

    /** The journal position covered by the last commit: replay starts here after a restart. */
    @Override
    public long committedPosition() {
        return committedPosition;
    }

    /** At most this many distinct paths per path clause (the "large join" guard of Carbon Black 6.2.3+). */
    static final int MAX_PATHS_PER_CLAUSE = 1_000_000;

    private Query resolvePaths(String field, Query subPathQuery) {
        return vocabulary.resolve(field, subPathQuery, MAX_PATHS_PER_CLAUSE).orElseThrow(() ->
                new QuerySyntaxException("the " + field + " clause matches more than "
                        + MAX_PATHS_PER_CLAUSE + " distinct paths; narrow it down"));
    }

    /** The newest receipt time of any segment in the last commit or added since. */
    @Override
    public long maxServerTime() {
        return maxServerTime.get();
    }

    /**
     * Indexes segments. Thread-safe; called by every pipeline worker.
     *
     * @param replace true while replaying journal records that a crash may have left half in the index
     */
    @Override
    public void add(List<ProcessSegment> segments, boolean replace) {
        SegmentDocumentBuilder b = builders.get();
        List<Term> added = new ArrayList<>(segments.size());
        try {
            for (ProcessSegment s : segments) {
                maxServerTime.accumulateAndGet(s.serverTime, Math::max);
                Document doc = b.build(s);
                Term uid = new Term(SegmentDocumentBuilder.UNIQUE_ID, s.uniqueId());
                if (replace) writer.updateDocument(uid, doc);
                else writer.addDocument(doc);
                added.add(uid);
            }
        } catch (IOException | RuntimeException e) {
            // An upload is indexed whole or not at all: take back the segments already added before failing it.
            try {
                if (!added.isEmpty()) writer.deleteDocuments(added.toArray(new Term[0]));
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) throw new UncheckedIOException("indexing failed", io);
            throw (RuntimeException) e;
        }
    }

    /** Commits everything added so far, recording that the journal is covered up to {@code journalPosition}. */
    @Override
    public synchronized void commit(long journalPosition) {
        try {
            writer.setLiveCommitData(Map.of(JOURNAL_POSITION, Long.toString(journalPosition),
                    MAX_SERVER_TIME, Long.toString(maxServerTime.get()),
                    "lampblack.partition.created", Long.toString(createdMillis)).entrySet());
            // The vocabulary first: a committed segment's paths must always be in the committed vocabulary.
            vocabulary.commit();
            writer.commit();
            committedPosition = journalPosition;
        } catch (IOException e) {
            throw new UncheckedIOException("index commit failed", e);
        }
    }

    /** Makes everything added so far searchable now (tests, and the end of a replay). */
    @Override
    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void refreshQuietly() {
        try {
            searchers.maybeRefresh();
        } catch (IOException | RuntimeException e) {
            LOG.warn("index refresh failed: {}", e.toString());
        }
    }

    @Override
    public ProcessResults search(ProcessQuery q) {
        Query query = translator.translate(q.query());
        Sort sort = q.sortField().isEmpty() ? defaultSort() : new Sort(
                SortFields.of(ProcessSchema.INSTANCE
                        .field(q.sortField().get()).orElseThrow(() -> new IllegalArgumentException(
                                "cannot sort on unknown field '" + q.sortField().get() + "'")), q.descending()),
                new SortField("last_update", SortField.Type.LONG, true));
        return search(query, sort, q.start(), q.rows());
    }

    private ProcessResults search(Query query, Sort sort, int start, int rows) {
        return withSearcher(s -> {
            if (rows <= 0) {
                return new ProcessResults(s.search(query, new TotalHitCountCollectorManager(s.getSlices())), List.of());
            }
            int n = Math.max(1, start + rows);
            TopDocs top = sort == null ? s.search(query, n) : s.search(query, n, sort);
            StoredFields stored = s.storedFields();
            List<ProcessHit> hits = new ArrayList<>();
            for (int i = start; i < top.scoreDocs.length; i++) {
                ScoreDoc sd = top.scoreDocs[i];
                Document d = stored.document(sd.doc, SegmentDocumentBuilder.JSON_ONLY);
                hits.add(new ProcessHit(d.get(SegmentDocumentBuilder.UNIQUE_ID),
                        bytes(d.getBinaryValue(SegmentDocumentBuilder.STORED_JSON))));
            }
            long total = top.totalHits.relation() == org.apache.lucene.search.TotalHits.Relation.EQUAL_TO
                    ? top.totalHits.value() : s.count(query);
            return new ProcessResults(total, hits);
        });
    }

    /** Every segment of a process, oldest first. */
    @Override
    public List<StoredSegment> segments(String guid) {
        return withSearcher(s -> {
            Query q = new TermQuery(new Term(SegmentDocumentBuilder.GUID, guid.toLowerCase()));
            TopDocs top = s.search(q, 100_000);
            StoredFields stored = s.storedFields();
            List<StoredSegment> out = new ArrayList<>();
            for (ScoreDoc sd : top.scoreDocs) out.add(toStored(stored.document(sd.doc)));
            out.sort(Comparator.comparingLong(StoredSegment::segmentId));
            return out;
        });
    }

    /** Distinct GUIDs of processes whose parent is {@code parentGuid}, at most {@code limit}. */
    @Override
    public List<String> childrenOf(String parentGuid, int limit) {
        return withSearcher(s -> {
            Query q = new TermQuery(new Term(SegmentDocumentBuilder.PARENT_GUID, parentGuid.toLowerCase()));
            TopDocs top = s.search(q, (int) Math.min(100_000L, Math.max(1, limit) * 20L));
            StoredFields stored = s.storedFields();
            Set<String> out = new java.util.LinkedHashSet<>();
            for (ScoreDoc sd : top.scoreDocs) {
                String uid = stored.document(sd.doc, Set.of(SegmentDocumentBuilder.UNIQUE_ID)).get(SegmentDocumentBuilder.UNIQUE_ID);
                out.add(uid.substring(0, ProcessGuid.TEXT_LENGTH));
                if (out.size() >= limit) break;
            }
            return List.copyOf(out);
        });
    }

    /** Metadata from the newest segment of a process: only its document is read, not its events. */
    @Override
    public Optional<ProcessMetadata> latest(String guid) {
        return withSearcher(s -> {
            Query q = new TermQuery(new Term(SegmentDocumentBuilder.GUID, guid.toLowerCase()));
            TopDocs top = s.search(q, 1, new Sort(new SortField("segment_id", SortField.Type.LONG, true)));
            if (top.scoreDocs.length == 0) return Optional.empty();
            Document d = s.storedFields().document(top.scoreDocs[0].doc, SegmentDocumentBuilder.JSON_ONLY);
            return Optional.of(SegmentJson.metadata(SegmentJson.parse(bytes(d.getBinaryValue(SegmentDocumentBuilder.STORED_JSON)))));
        });
    }

    private static StoredSegment toStored(Document d) {
        BytesRef json = d.getBinaryValue(SegmentDocumentBuilder.STORED_JSON);
        BytesRef events = d.getBinaryValue(SegmentDocumentBuilder.STORED_EVENTS);
        String uid = d.get(SegmentDocumentBuilder.UNIQUE_ID);
        return new StoredSegment(uid, SegmentId.parse(uid), bytes(json),
                events == null ? new byte[0] : bytes(events));
    }

    private static byte[] bytes(BytesRef r) {
        return java.util.Arrays.copyOfRange(r.bytes, r.offset, r.offset + r.length);
    }

    @Override
    public long documentCount() {
        return withSearcher(s -> (long) s.getIndexReader().numDocs());
    }

    @Override
    public List<PartitionInfo> partitions() {
        return withSearcher(s -> {
            DirectoryReader r = (DirectoryReader) s.getIndexReader();
            long size;
            try (Stream<Path> files = Files.list(dir)) {
                size = files.mapToLong(p -> p.toFile().length()).sum();
            }
            int segs = SegmentInfos.readLatestCommit(directory).size();
            return List.of(new PartitionInfo(HOT_PARTITION, "hot", 0, createdMillis, Optional.empty(), size, r.numDocs(),
                    r.maxDoc(), r.numDeletedDocs(), segs, dir.toString()));
        });
    }

    static Sort defaultSort() {
        return new Sort(new SortField("last_update", SortField.Type.LONG, true));
    }

    /** Work on an index searcher; see {@link #read(SearcherWork)}. */
    @FunctionalInterface
    public interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /**
     * Runs {@code work} on a searcher over every searchable (mounted) partition, released afterwards. For
     * benchmarks and diagnostics that need the raw Lucene view; everything else goes through {@link #search}.
     */
    public <T> T read(SearcherWork<T> work) {
        return withSearcher(work);
    }

    /** Runs {@code work} on the current searcher, released afterwards; I/O failures become unchecked. */
    private <T> T withSearcher(SearcherWork<T> work) {
        IndexSearcher s;
        try {
            s = searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return work.apply(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                searchers.release(s);
            } catch (IOException e) {
                LOG.warn("releasing searcher: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            searchers.close();
            writer.close();
            directory.close();
            vocabulary.close();
            vocabularyDirectory.close();
        } catch (IOException e) {
            LOG.warn("closing index: {}", e.toString());
        }
    }
}
