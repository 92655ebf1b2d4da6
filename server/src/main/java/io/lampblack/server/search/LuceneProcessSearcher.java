package io.lampblack.server.search;

import io.lampblack.server.search.query.QueryTranslator;
import io.lampblack.server.search.schema.ProcessSchema;
import io.lampblack.server.search.schema.SortFields;
import org.apache.lucene.document.Document;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHitCountCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.util.BytesRef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs process searches on Lucene: translates the query, evaluates it over the partitions in scope and reads the
 * page of stored segment documents.
 */
final class LuceneProcessSearcher {

    private final SearchScope scope;
    private final QueryTranslator translator;

    LuceneProcessSearcher(SearchScope scope, QueryTranslator translator) {
        this.scope = scope;
        this.translator = translator;
    }

    ProcessResults search(ProcessQuery q) {
        Query query = translator.translate(q.query());
        Sort sort = q.sortField().isEmpty() ? defaultSort() : new Sort(
                SortFields.of(ProcessSchema.INSTANCE
                        .field(q.sortField().get()).orElseThrow(() -> new IllegalArgumentException(
                                "cannot sort on unknown field '" + q.sortField().get() + "'")), q.descending()),
                new SortField("last_update", SortField.Type.LONG, true));
        return scope.withSearcher(PartitionFilter.ALL, s -> {
            if (q.rows() <= 0) {
                return new ProcessResults(s.search(query, new TotalHitCountCollectorManager(s.getSlices())), List.of());
            }
            int n = Math.max(1, q.start() + q.rows());
            TopDocs top = s.search(query, n, sort);
            StoredFields stored = s.storedFields();
            List<ProcessHit> hits = new ArrayList<>();
            for (int i = q.start(); i < top.scoreDocs.length; i++) {
                ScoreDoc sd = top.scoreDocs[i];
                Document d = stored.document(sd.doc, SegmentDocumentBuilder.JSON_ONLY);
                hits.add(new ProcessHit(d.get(SegmentDocumentBuilder.UNIQUE_ID),
                        bytes(d.getBinaryValue(SegmentDocumentBuilder.STORED_JSON))));
            }
            long total = top.totalHits.relation() == TotalHits.Relation.EQUAL_TO ? top.totalHits.value() : s.count(query);
            return new ProcessResults(total, hits);
        });
    }

    static Sort defaultSort() {
        return new Sort(new SortField("last_update", SortField.Type.LONG, true));
    }

    static byte[] bytes(BytesRef r) {
        return Arrays.copyOfRange(r.bytes, r.offset, r.offset + r.length);
    }
}
