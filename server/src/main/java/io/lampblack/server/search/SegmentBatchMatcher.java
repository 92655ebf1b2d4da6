package io.lampblack.server.search;

import io.lampblack.server.process.ProcessSegment;
import io.lampblack.server.search.query.DynamicFieldResolver;
import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.query.QueryTranslator;
import io.lampblack.server.search.schema.PathVocabulary;
import io.lampblack.server.search.schema.ProcessSchema;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches saved queries against a batch of just-indexed segments, one segment at a time (per-segment semantics, as
 * Carbon Black's 5.x mode): the batch becomes a small in-memory index, with its own path vocabulary so that path
 * clauses resolve against exactly the batch's paths, and every query runs on it. The segment documents are built by
 * the same builder as the process index's, so a clause matches here exactly what it matches there. This is what lets
 * watchlist hits reach the bus seconds after the data arrives instead of at the next periodic run.
 */
public final class SegmentBatchMatcher {

    /** Most distinct paths one path clause may resolve to within a batch. */
    private static final int MAX_PATHS = 100_000;

    private final Clock clock;
    private final boolean allowLeadingWildcards;
    private final DynamicFieldResolver dynamicFields;

    /** @param dynamicFields the process index's resolver of tag and binary-join clauses */
    public SegmentBatchMatcher(Clock clock, boolean allowLeadingWildcards, DynamicFieldResolver dynamicFields) {
        this.clock = clock;
        this.allowLeadingWildcards = allowLeadingWildcards;
        this.dynamicFields = dynamicFields;
    }

    /**
     * For each query (by key) that matches any segment of the batch, the matching segments. A query that cannot be
     * evaluated (say, a tag clause over too many documents) matches nothing here; the periodic run reports it.
     */
    public <K> Map<K, List<ProcessHit>> match(List<ProcessSegment> batch, Map<K, QueryNode> queries) {
        Map<K, List<ProcessHit>> out = new LinkedHashMap<>();
        if (batch.isEmpty() || queries.isEmpty()) return out;
        IndexWriterConfig cfg = new IndexWriterConfig();
        cfg.setMergePolicy(NoMergePolicy.INSTANCE);
        cfg.setRAMBufferSizeMB(256);
        try (ByteBuffersDirectory vocabularyDir = new ByteBuffersDirectory();
             PathVocabulary paths = new PathVocabulary(vocabularyDir);
             ByteBuffersDirectory dir = new ByteBuffersDirectory();
             IndexWriter writer = new IndexWriter(dir, cfg)) {
            SegmentDocumentBuilder builder = new SegmentDocumentBuilder(paths);
            for (ProcessSegment s : batch) {
                Document d = builder.build(s);
                writer.addDocument(d);
            }
            paths.refresh();
            QueryTranslator translator = new QueryTranslator(ProcessSchema.INSTANCE, clock, allowLeadingWildcards,
                    dynamicFields, (field, q) -> paths.resolve(field, q, MAX_PATHS).orElseThrow(() ->
                    new QuerySyntaxException("a path clause matches more than " + MAX_PATHS + " paths")));
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setQueryCache(null);
                StoredFields stored = searcher.storedFields();
                int n = reader.maxDoc();
                for (Map.Entry<K, QueryNode> q : queries.entrySet()) {
                    TopDocs top;
                    try {
                        top = searcher.search(translator.translate(q.getValue()), n);
                    } catch (QuerySyntaxException | IndexSearcher.TooManyClauses e) {
                        continue;
                    }
                    if (top.scoreDocs.length == 0) continue;
                    List<ProcessHit> hits = new ArrayList<>(top.scoreDocs.length);
                    for (ScoreDoc sd : top.scoreDocs) {
                        Document d = stored.document(sd.doc, SegmentDocumentBuilder.JSON_ONLY);
                        hits.add(new ProcessHit(d.get(SegmentDocumentBuilder.UNIQUE_ID),
                                LuceneProcessSearcher.bytes(d.getBinaryValue(SegmentDocumentBuilder.STORED_JSON))));
                    }
                    out.put(q.getKey(), hits);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("matching a segment batch failed", e);
        }
        return out;
    }
}
