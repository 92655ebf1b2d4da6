package io.lampblack.server.lucene.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.json.Json;
import io.lampblack.server.lucene.SearcherWork;
import io.lampblack.server.lucene.facet.FacetCounter;
import io.lampblack.server.lucene.facet.FacetRequest;
import io.lampblack.server.lucene.query.DynamicFieldResolver;
import io.lampblack.server.lucene.query.QueryTranslator;
import io.lampblack.server.lucene.schema.DocumentFieldWriter;
import io.lampblack.server.lucene.schema.SortFields;
import io.lampblack.server.search.RecordPage;
import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QueryParser;
import io.lampblack.server.search.query.QueryTerms;
import io.lampblack.server.search.query.RequestParameters;
import io.lampblack.server.search.query.SearchParameters;
import io.lampblack.server.search.query.SortOrder;
import io.lampblack.server.search.schema.FieldCatalog;
import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.FieldRef;
import io.lampblack.server.search.schema.FieldSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * A small on-disk Lucene index of JSON records searched with the query language: alerts and threat reports. Each
 * record is stored whole (as its API JSON) under a unique key and indexed by its {@link Schema}, so the same
 * clauses, sort orders and facets that process and binary search offer work here too. Records are few (thousands
 * to a few million) and change one by one, so every write is committed and made searchable before it returns;
 * writers are serialised, readers are not.
 */
public final class RecordIndex implements AutoCloseable {

    /**
     * What the records are and how they are indexed: the fields declared with {@link #field}, how a record's values
     * go into them, its key, and the default order and facets.
     */
    public abstract static class Schema implements FieldCatalog {
        private final Map<String, FieldSpec> fields = new LinkedHashMap<>();

        /** Declares a field (its name lower-case); in the subclass's constructor. */
        protected final void field(FieldSpec spec) {
            if (fields.put(spec.name(), spec) != null)
                throw new IllegalStateException("field declared twice: " + spec.name());
        }

        /** The declared fields, in declaration order. */
        protected final Collection<FieldSpec> fields() {
            return fields.values();
        }

        @Override
        public final Optional<FieldRef> resolve(String name) {
            return Optional.ofNullable(fields.get(name.toLowerCase(Locale.ROOT)));
        }

        @Override
        public final List<FieldSpec> defaultFields() {
            return fields.values().stream().filter(FieldSpec::defaultField).toList();
        }

        /** The record's unique key (e.g. an alert's {@code unique_id}). */
        public abstract String key(ObjectNode record);

        /** Writes the record's searchable fields. */
        public abstract void index(ObjectNode record, DocumentFieldWriter fields);

        /** {@code "<field> asc|desc"} when the request names no sort. */
        public abstract String defaultSort();

        /** The facets reported for {@code facet=true} without {@code facet.field}. */
        public abstract List<String> defaultFacets();
    }

    private static final String KEY = "_key";
    private static final String JSON = "_json";

    private final Schema schema;
    private final QueryParser parser;
    private final QueryTranslator translator;
    private final FacetCounter facets;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    public RecordIndex(Path dir, Schema schema, Clock clock) {
        this.schema = schema;
        this.parser = new QueryParser(schema);
        this.translator = new QueryTranslator(schema, clock, true, DynamicFieldResolver.unsupported());
        this.facets = new FacetCounter(clock);
        try {
            Files.createDirectories(dir);
            this.directory = FSDirectory.open(dir);
            IndexWriterConfig cfg = new IndexWriterConfig();
            // Commits and refreshes must not wait for merges (Lucene waits up to 500 ms by default): they happen
            // at hit and ingest speed.
            cfg.setMaxFullFlushMergeWaitMillis(0);
            cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            cfg.setCommitOnClose(true);
            this.writer = new IndexWriter(directory, cfg);
            if (!DirectoryReader.indexExists(directory)) writer.commit();
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the record index in " + dir, e);
        }
    }

    /** Adds or replaces records (by key), durably and searchably. */
    public synchronized void put(Collection<ObjectNode> records) {
        if (records.isEmpty()) return;
        try {
            for (ObjectNode r : records) {
                String key = schema.key(r);
                writer.updateDocument(new Term(KEY, key), document(key, r));
            }
            publish();
        } catch (IOException e) {
            throw new UncheckedIOException("record index update failed", e);
        }
    }

    public void put(ObjectNode record) {
        put(List.of(record));
    }

    /** Adds the record unless one with its key exists; true when it was added. */
    public boolean putIfAbsent(ObjectNode record) {
        return !putAllIfAbsent(List.of(record)).isEmpty();
    }

    /** Adds the records whose keys are not taken yet (the first of equal keys), in one commit; those added. */
    public synchronized List<ObjectNode> putAllIfAbsent(List<ObjectNode> records) {
        Map<String, ObjectNode> fresh = new LinkedHashMap<>();
        for (ObjectNode r : records) {
            String key = schema.key(r);
            if (!fresh.containsKey(key) && get(key).isEmpty()) fresh.put(key, r);
        }
        put(fresh.values());
        return List.copyOf(fresh.values());
    }

    public synchronized void delete(String key) {
        try {
            writer.deleteDocuments(new Term(KEY, key));
            publish();
        } catch (IOException e) {
            throw new UncheckedIOException("record index delete failed", e);
        }
    }

    /** Deletes every record the query (in the query language) matches. */
    public synchronized void deleteMatching(String query) {
        try {
            writer.deleteDocuments(translator.translate(parser.parse(query)));
            publish();
        } catch (IOException e) {
            throw new UncheckedIOException("record index delete failed", e);
        }
    }

    private void publish() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    public Optional<ObjectNode> get(String key) {
        return read(s -> {
            TopDocs top = s.search(new TermQuery(new Term(KEY, key)), 1);
            if (top.scoreDocs.length == 0) return Optional.empty();
            return Optional.of(record(s.storedFields(), top.scoreDocs[0].doc));
        });
    }

    public long count() {
        return read(s -> (long) s.getIndexReader().numDocs());
    }

    /**
     * One page of the records matching the request's {@code q}, {@code cb.q.*} and {@code cb.fq.*}, sorted by
     * {@code sort}, with {@code facet}/{@code facet.field} counts.
     *
     * @throws io.lampblack.server.search.query.QuerySyntaxException a malformed query
     * @throws io.lampblack.server.problem.InvalidInput              other bad parameters
     */
    public RecordPage search(Map<String, List<String>> params) {
        return search(params, null);
    }

    /**
     * As {@link #search(Map)}, over the records {@code filter} matches only (null: every record); the total and the
     * facet counts are those of the filtered records.
     */
    public RecordPage search(Map<String, List<String>> params, Query filter) {
        int start = RequestParameters.nonNegativeInt(params, "start", 0);
        int rows = Math.min(RecordPage.MAX_ROWS, RequestParameters.nonNegativeInt(params, "rows", 10));
        QueryNode node = SearchParameters.from(params).toQuery(parser);
        Query query = filter == null
                ? translator.translate(node)
                : new BooleanQuery.Builder()
                        .add(translator.translate(node), BooleanClause.Occur.MUST)
                        .add(filter, BooleanClause.Occur.FILTER)
                        .build();
        String sortParam = RequestParameters.first(params, "sort");
        Sort sort = sort(sortParam == null || sortParam.isBlank() ? schema.defaultSort() : sortParam);
        List<FacetRequest> requests = facetRequests(params);
        return read(s -> {
            List<ObjectNode> page = new ArrayList<>();
            long total = s.count(query);
            if (rows > 0 && start < total) {
                TopDocs top = s.search(query, start + rows, sort);
                StoredFields stored = s.storedFields();
                for (int i = start; i < top.scoreDocs.length; i++) page.add(record(stored, top.scoreDocs[i].doc));
            }
            return new RecordPage(total, start, page, QueryTerms.of(node), facets.count(s, query, requests));
        });
    }

    /** Every record a query-language string matches (for bulk changes), in key order; at most {@code limit}. */
    public List<ObjectNode> matching(String query, int limit) {
        Query q = translator.translate(parser.parse(query));
        return read(s -> {
            List<ObjectNode> out = new ArrayList<>();
            TopDocs top = s.search(q, Math.max(1, limit), new Sort(new SortField(KEY, SortField.Type.STRING)));
            StoredFields stored = s.storedFields();
            for (ScoreDoc sd : top.scoreDocs) out.add(record(stored, sd.doc));
            return out;
        });
    }

    private Document document(String key, ObjectNode r) throws IOException {
        Document d = new Document();
        d.add(new StringField(KEY, key, org.apache.lucene.document.Field.Store.NO));
        d.add(new SortedDocValuesField(KEY, new BytesRef(key)));
        d.add(new StoredField(JSON, Json.MAPPER.writeValueAsBytes(r)));
        schema.index(r, new DocumentFieldWriter(schema, d));
        return d;
    }

    private static ObjectNode record(StoredFields stored, int doc) throws IOException {
        BytesRef json = stored.document(doc, Set.of(JSON)).getBinaryValue(JSON);
        return (ObjectNode) Json.MAPPER.readTree(json.bytes, json.offset, json.length);
    }

    /** {@code "<field> asc|desc"} on a sortable field of the schema; ties by key. */
    Sort sort(String param) {
        SortOrder order = SortOrder.parse(param).orElseThrow();
        boolean descending = order.descending();
        FieldSpec spec = spec(order.field())
                .orElseThrow(() -> RequestParameters.invalid("cannot sort on unknown field '" + order.field() + "'"));
        SortField primary = SortFields.of(spec, descending);
        switch (primary.getType()) {
            case LONG -> primary.setMissingValue(descending ? Long.MIN_VALUE : Long.MAX_VALUE);
            case INT -> primary.setMissingValue(descending ? Integer.MIN_VALUE : Integer.MAX_VALUE);
            default -> primary.setMissingValue(descending ? SortField.STRING_FIRST : SortField.STRING_LAST);
        }
        return new Sort(primary, new SortField(KEY, SortField.Type.STRING));
    }

    private Optional<FieldSpec> spec(String name) {
        Optional<FieldRef> ref = schema.resolve(name);
        return ref.filter(FieldSpec.class::isInstance).map(FieldSpec.class::cast);
    }

    private List<FacetRequest> facetRequests(Map<String, List<String>> params) {
        if (!RequestParameters.flag(params, "facet")) return List.of();
        List<String> names = params.getOrDefault("facet.field", List.of()).stream()
                .map(v -> v.strip().toLowerCase(Locale.ROOT))
                .filter(v -> !v.isEmpty())
                .distinct()
                .toList();
        Map<String, FacetRequest> out = new LinkedHashMap<>();
        for (String name : names.isEmpty() ? schema.defaultFacets() : names) {
            FieldSpec spec = spec(name).filter(FieldSpec::facetable).orElse(null);
            FacetRequest r;
            if (spec == null) r = new FacetRequest(name, "", FacetRequest.Kind.TERMS, 0);
            else if (spec.kind() == FieldKind.DATETIME) r = FacetRequest.days(name, 30);
            else if (spec.kind() == FieldKind.INTEGER || spec.kind() == FieldKind.LONG) r = FacetRequest.numbers(name);
            else r = FacetRequest.terms(name);
            out.put(name, r);
        }
        return List.copyOf(out.values());
    }

    private <T> T read(SearcherWork<T> work) {
        return SearcherWork.on(searchers, work);
    }

    @Override
    public synchronized void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the record index", e);
        }
    }
}
