package io.lampblack.server.lucene.process;

import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.SegmentId;
import io.lampblack.server.lucene.SearcherWork;
import io.lampblack.server.lucene.partition.PartitionEntry;
import io.lampblack.server.lucene.partition.PartitionSet;
import io.lampblack.server.lucene.partition.ReaderLease;
import io.lampblack.server.lucene.partition.RetentionPlanner;
import io.lampblack.server.lucene.partition.RollStep;
import io.lampblack.server.lucene.query.DynamicFieldResolver;
import io.lampblack.server.lucene.query.QueryTranslator;
import io.lampblack.server.lucene.schema.PathVocabulary;
import io.lampblack.server.process.ProcessMetadata;
import io.lampblack.server.process.ProcessSegment;
import io.lampblack.server.search.PartitionFilter;
import io.lampblack.server.search.PartitionInfo;
import io.lampblack.server.search.PartitionPolicy;
import io.lampblack.server.search.ProcessFrequency;
import io.lampblack.server.search.ProcessIndex;
import io.lampblack.server.search.ProcessQuery;
import io.lampblack.server.search.ProcessResults;
import io.lampblack.server.search.SegmentJson;
import io.lampblack.server.search.SensorScope;
import io.lampblack.server.search.StoragePartitions;
import io.lampblack.server.search.StoredSegment;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.ProcessSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process index on local Lucene: one document per segment, in time partitions (see {@code lucene.partition}):
 * the hot partition {@code writer} receives new segments; rolled partitions are read-only and searched together
 * with it through one searcher over all of them.
 *
 * <p>Exactly-once indexing: each commit of the hot partition records in its user data the journal position it
 * covers. After a crash the pipeline replays the journal from there, and records that may already be in the index
 * are re-added with {@link #add(List, boolean) replace = true} (update by unique id in the hot partition only).
 * A replayed record is never in a rolled partition: a roll happens with indexing held still, commits the hot
 * partition at a position that covers exactly what it holds, and the new hot partition starts from that position,
 * so everything rolled lies before any position replay can start from.
 */
public final class LuceneProcessIndex implements ProcessIndex, SearchScope, StoragePartitions {

    private static final Logger LOG = LoggerFactory.getLogger(LuceneProcessIndex.class);

    /**
     * Lucene's limit on expanded clauses per query (1024 by default). An unfielded term expands to one clause per
     * default field (about twenty), so an IOC list of a few dozen bare hashes would already exceed it.
     */
    public static final int MAX_CLAUSES = 1 << 14;

    static {
        if (org.apache.lucene.search.IndexSearcher.getMaxClauseCount() < MAX_CLAUSES) {
            org.apache.lucene.search.IndexSearcher.setMaxClauseCount(MAX_CLAUSES);
        }
    }

    public static final String HOT_PARTITION = PartitionEntry.HOT_NAME;

    private final PartitionSet partitions;
    private final ScheduledExecutorService refresher;
    private final ThreadLocal<SegmentDocumentBuilder> builders;
    private volatile long committedPosition;
    private final AtomicLong maxServerTime = new AtomicLong();

    private final QueryTranslator translator;
    private final LuceneProcessSearcher searcher;
    private final PathVocabulary vocabulary;
    private final Directory vocabularyDirectory;

    /**
     * @param clock                 the server clock: relative times in queries ({@code start:-2h}), partition roll
     *                              and retention
     * @param allowLeadingWildcards whether queries may start a term with a wildcard (slow)
     */
    public LuceneProcessIndex(
            Path indexRoot, int ramBufferMb, int refreshMillis, Clock clock, boolean allowLeadingWildcards) {
        this(indexRoot, ramBufferMb, refreshMillis, clock, allowLeadingWildcards, DynamicFieldResolver.unsupported());
    }

    /**
     * @param dynamicFields clauses on fields the segment documents do not hold (tags, binary joins)
     */
    public LuceneProcessIndex(
            Path indexRoot,
            int ramBufferMb,
            int refreshMillis,
            Clock clock,
            boolean allowLeadingWildcards,
            DynamicFieldResolver dynamicFields) {
        this(
                indexRoot,
                ramBufferMb,
                refreshMillis,
                clock,
                allowLeadingWildcards,
                dynamicFields,
                PartitionPolicy.DEFAULT,
                RollStep.Observer.NONE);
    }

    /**
     * @param policy       when partitions roll and when retention deletes them
     * @param rollObserver told each step of a roll (tests stop there to check crash safety)
     */
    public LuceneProcessIndex(
            Path indexRoot,
            int ramBufferMb,
            int refreshMillis,
            Clock clock,
            boolean allowLeadingWildcards,
            DynamicFieldResolver dynamicFields,
            PartitionPolicy policy,
            RollStep.Observer rollObserver) {
        try {
            Files.createDirectories(indexRoot);
            // One path vocabulary for all partitions: a rolled partition's paths were learnt while it was hot, so
            // they are all here. Deleting a partition leaves its paths behind; they only cost a few entries, since a
            // resolved path that no document holds matches nothing.
            this.vocabularyDirectory = FSDirectory.open(indexRoot.resolve(HOT_PARTITION + ".paths"));
            this.vocabulary = new PathVocabulary(vocabularyDirectory);
            this.translator = new QueryTranslator(
                    ProcessSchema.INSTANCE,
                    clock,
                    allowLeadingWildcards,
                    dynamicFields,
                    LuceneProcessIndex.this::resolvePaths);
            this.searcher = new LuceneProcessSearcher(this, translator, clock);
            var paths = vocabulary;
            this.builders = ThreadLocal.withInitial(() -> new SegmentDocumentBuilder(paths));
            this.partitions = PartitionSet.open(
                    indexRoot, () -> writerConfig(ramBufferMb), paths::refresh, policy, clock, rollObserver);
            this.committedPosition = partitions.committedPosition();
            this.maxServerTime.set(partitions.committedMaxServerTime());
            this.refresher = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("index-refresh").daemon(true).factory());
            refresher.scheduleWithFixedDelay(this::refreshQuietly, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the process index in " + indexRoot, e);
        }
    }

    /** A new configuration for each hot partition's writer (Lucene does not let two writers share one). */
    private static IndexWriterConfig writerConfig(int ramBufferMb) {
        IndexWriterConfig cfg = new IndexWriterConfig();
        cfg.setRAMBufferSizeMB(ramBufferMb);
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
        return cfg;
    }

    /** The journal position covered by the last commit: replay starts here after a restart. */
    @Override
    public long committedPosition() {
        return committedPosition;
    }

    @Override
    public boolean healthy() {
        return partitions.writable();
    }

    /** At most this many distinct paths per path clause (the "large join" guard of Carbon Black 6.2.3+). */
    static final int MAX_PATHS_PER_CLAUSE = 1_000_000;

    private Query resolvePaths(String field, Query subPathQuery) {
        return vocabulary
                .resolve(field, subPathQuery, MAX_PATHS_PER_CLAUSE)
                .orElseThrow(() -> new QuerySyntaxException("the " + field + " clause matches more than "
                        + MAX_PATHS_PER_CLAUSE + " distinct paths; narrow it down"));
    }

    /**
     * The segments a set of tag-store keys names: segment unique ids name that segment, process GUIDs every segment
     * of the process (see {@link io.lampblack.server.tag.TagStore.Scope#PROCESS}).
     */
    public static Query taggedDocuments(java.util.Collection<String> keys) {
        List<BytesRef> uids = new ArrayList<>();
        List<BytesRef> guids = new ArrayList<>();
        for (String k : keys) {
            if (k.length() == ProcessGuid.TEXT_LENGTH) guids.add(new BytesRef(k.toLowerCase(java.util.Locale.ROOT)));
            else uids.add(new BytesRef(k.toLowerCase(java.util.Locale.ROOT)));
        }
        var any = new org.apache.lucene.search.BooleanQuery.Builder();
        if (!uids.isEmpty())
            any.add(
                    new org.apache.lucene.search.TermInSetQuery(SegmentDocumentBuilder.UNIQUE_ID, uids),
                    org.apache.lucene.search.BooleanClause.Occur.SHOULD);
        if (!guids.isEmpty())
            any.add(
                    new org.apache.lucene.search.TermInSetQuery(SegmentDocumentBuilder.GUID, guids),
                    org.apache.lucene.search.BooleanClause.Occur.SHOULD);
        return any.build();
    }

    /** The newest receipt time of any segment committed (in any partition) or added since. */
    @Override
    public long maxServerTime() {
        return maxServerTime.get();
    }

    /**
     * Indexes segments into the hot partition. Thread-safe; called by every pipeline worker.
     *
     * @param replace true while replaying journal records that a crash may have left half in the index
     */
    @Override
    public void add(List<ProcessSegment> segments, boolean replace) {
        SegmentDocumentBuilder b = builders.get();
        try {
            partitions.writing(writer -> {
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
                    throw e;
                }
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("indexing failed", e);
        }
    }

    /** Commits everything added so far, recording that the journal is covered up to {@code journalPosition}. */
    @Override
    public synchronized void commit(long journalPosition) {
        try {
            // The vocabulary first: a committed segment's paths must always be in the committed vocabulary.
            vocabulary.commit();
            partitions.commit(journalPosition, maxServerTime.get());
            committedPosition = journalPosition;
        } catch (IOException e) {
            throw new UncheckedIOException("index commit failed", e);
        }
    }

    /** Makes everything added so far searchable now (tests, and the end of a replay). */
    @Override
    public void refresh() {
        try {
            partitions.refresh(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void refreshQuietly() {
        try {
            partitions.refresh(false);
        } catch (IOException | RuntimeException e) {
            LOG.warn("index refresh failed: {}", e.toString());
        }
    }

    /** A query as search translates it (tag and binary-join clauses, paths resolved against the vocabulary now). */
    Query translate(io.lampblack.server.search.query.QueryNode node) {
        return translator.translate(node);
    }

    @Override
    public ProcessResults search(ProcessQuery q) {
        return searcher.search(q);
    }

    @Override
    public ProcessFrequency frequency(String md5) {
        return searcher.frequency(md5, SensorScope.EVERY);
    }

    @Override
    public ProcessFrequency frequency(String md5, SensorScope sensors) {
        return searcher.frequency(md5, sensors);
    }

    /** Every segment of a process, oldest first, from every mounted partition. */
    @Override
    public List<StoredSegment> segments(String guid) {
        return withSearcher(PartitionFilter.ALL, s -> {
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
        return withSearcher(PartitionFilter.ALL, s -> {
            Query q = new TermQuery(new Term(SegmentDocumentBuilder.PARENT_GUID, parentGuid.toLowerCase()));
            TopDocs top = s.search(q, (int) Math.min(100_000L, Math.max(1, limit) * 20L));
            StoredFields stored = s.storedFields();
            Set<String> out = new java.util.LinkedHashSet<>();
            for (ScoreDoc sd : top.scoreDocs) {
                String uid = stored.document(sd.doc, Set.of(SegmentDocumentBuilder.UNIQUE_ID))
                        .get(SegmentDocumentBuilder.UNIQUE_ID);
                out.add(uid.substring(0, ProcessGuid.TEXT_LENGTH));
                if (out.size() >= limit) break;
            }
            return List.copyOf(out);
        });
    }

    /** Metadata from the newest segment of a process: only its document is read, not its events. */
    @Override
    public Optional<ProcessMetadata> latest(String guid) {
        return withSearcher(PartitionFilter.ALL, s -> {
            Query q = new TermQuery(new Term(SegmentDocumentBuilder.GUID, guid.toLowerCase()));
            TopDocs top = s.search(q, 1, new Sort(new SortField("segment_id", SortField.Type.LONG, true)));
            if (top.scoreDocs.length == 0) return Optional.empty();
            Document d = s.storedFields().document(top.scoreDocs[0].doc, SegmentDocumentBuilder.JSON_ONLY);
            return Optional.of(SegmentJson.metadata(
                    SegmentJson.parse(bytes(d.getBinaryValue(SegmentDocumentBuilder.STORED_JSON)))));
        });
    }

    private static StoredSegment toStored(Document d) {
        BytesRef json = d.getBinaryValue(SegmentDocumentBuilder.STORED_JSON);
        BytesRef events = d.getBinaryValue(SegmentDocumentBuilder.STORED_EVENTS);
        String uid = d.get(SegmentDocumentBuilder.UNIQUE_ID);
        return new StoredSegment(uid, SegmentId.parse(uid), bytes(json), events == null ? new byte[0] : bytes(events));
    }

    private static byte[] bytes(BytesRef r) {
        return java.util.Arrays.copyOfRange(r.bytes, r.offset, r.offset + r.length);
    }

    /** Live segment documents in the mounted partitions. */
    @Override
    public long documentCount() {
        return withSearcher(PartitionFilter.ALL, s -> (long) s.getIndexReader().numDocs());
    }

    @Override
    public StoragePartitions storage() {
        return this;
    }

    // ------------------------------------------------------------------------------------------ partitions

    @Override
    public List<PartitionInfo> list() {
        return partitions.list();
    }

    @Override
    public synchronized Optional<PartitionInfo> roll(long journalPosition, boolean evenIfEmpty) {
        try {
            vocabulary.commit();
            Optional<PartitionEntry> rolled = partitions.roll(journalPosition, maxServerTime.get(), evenIfEmpty);
            committedPosition = journalPosition;
            return rolled.flatMap(e -> partitions.find(e.name()));
        } catch (IOException e) {
            throw new UncheckedIOException("partition roll failed", e);
        }
    }

    @Override
    public boolean rollDue() {
        return partitions.rollDue();
    }

    @Override
    public PartitionInfo mount(String name) {
        return partitions.find(partitions.mount(name).name()).orElseThrow();
    }

    @Override
    public PartitionInfo unmount(String name) {
        return partitions.find(partitions.unmount(name).name()).orElseThrow();
    }

    @Override
    public void delete(String name) {
        partitions.delete(name);
    }

    @Override
    public List<String> applyRetention() {
        return partitions.applyRetention().stream()
                .map(RetentionPlanner.Deletion::name)
                .toList();
    }

    // ------------------------------------------------------------------------------------------ searching

    /**
     * Runs {@code work} on a searcher over every searchable (mounted) partition, released afterwards. For
     * benchmarks and diagnostics that need the raw Lucene view; everything else goes through {@link #search}.
     */
    public <T> T read(SearcherWork<T> work) {
        return withSearcher(PartitionFilter.ALL, work);
    }

    /**
     * Runs {@code work} on one searcher over the mounted partitions whose documents' times may match
     * {@code filter}; their readers stay open until it returns, whatever rolls, unmounts or deletes meanwhile.
     */
    @Override
    public <T> T withSearcher(PartitionFilter filter, SearcherWork<T> work) {
        try (ReaderLease lease = partitions.lease(filter)) {
            return work.apply(lease.searcher());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        partitions.close();
        try {
            vocabulary.close();
            vocabularyDirectory.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing the path vocabulary: {}", e.toString());
        }
    }
}
