package io.lampblack.server.lucene.process;

import io.lampblack.server.lucene.facet.FacetCounter;
import io.lampblack.server.lucene.facet.FacetRequest;
import io.lampblack.server.lucene.query.ClauseLimit;
import io.lampblack.server.lucene.query.QueryTranslator;
import io.lampblack.server.lucene.schema.SortFields;
import io.lampblack.server.search.ComprehensiveRules;
import io.lampblack.server.search.Highlighter;
import io.lampblack.server.search.PartitionFilter;
import io.lampblack.server.search.ProcessFrequency;
import io.lampblack.server.search.ProcessHit;
import io.lampblack.server.search.ProcessQuery;
import io.lampblack.server.search.ProcessResults;
import io.lampblack.server.search.SensorScope;
import io.lampblack.server.search.facet.FacetEntry;
import io.lampblack.server.search.query.RequestParameters;
import io.lampblack.server.search.schema.ProcessFields;
import io.lampblack.server.search.schema.ProcessSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHitCountCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.util.BytesRef;

/**
 * Runs process searches on Lucene: translates the query, evaluates it per segment or per process (comprehensive
 * search) over the partitions in the request's time window, optionally collapses the result to one row per
 * process, and reads the page of stored segment documents.
 */
final class LuceneProcessSearcher {

    private final SearchScope scope;
    private final QueryTranslator translator;
    private final ComprehensiveEvaluator comprehensive;
    private final FacetCounter facetCounter;

    LuceneProcessSearcher(SearchScope scope, QueryTranslator translator, java.time.Clock clock) {
        this.scope = scope;
        this.translator = translator;
        this.facetCounter = new FacetCounter(clock);
        this.comprehensive = new ComprehensiveEvaluator(translator);
    }

    ProcessResults search(ProcessQuery q) {
        try {
            return evaluate(q);
        } catch (IndexSearcher.TooManyClauses e) {
            throw ClauseLimit.exceeded();
        }
    }

    private ProcessResults evaluate(ProcessQuery q) {
        // The whole query, before either evaluation: comprehensive search translates it subtree by subtree, and each
        // subtree alone may pass the clause and wildcard limits that the query as a whole exceeds.
        translator.check(q.query());
        Sort sort = sortOf(q);
        // The caller's sensors narrow what counts exactly as the time window does, in both evaluations: a process
        // lives on one sensor, so per-process joins never straddle the scope's edge.
        Query window = and(windowQuery(q.window()), sensorQuery(q.sensors()));
        boolean perProcess = switch (q.evaluation()) {
            case COMPREHENSIVE -> true;
            case PER_SEGMENT -> false;
            case AUTOMATIC -> ComprehensiveRules.needsJoin(q.query());
        };
        // Translate before opening searchers, so that a malformed query fails without touching the index.
        Query perSegment = perProcess ? null : translator.translate(q.query());
        Highlighter highlighter = new Highlighter(q.query(), ProcessSchema.INSTANCE);
        List<FacetRequest> facetRequests = ProcessFacets.requests(q.facetFields());
        return scope.withSearcher(q.window(), s -> {
            Query query = perProcess ? comprehensive.evaluate(s, q.query(), window) : and(perSegment, window);
            Page page = q.groupByProcess()
                    ? grouped(s, query, sort, q.start(), q.rows())
                    : page(s, query, sort, q.start(), q.rows());
            List<ProcessHit> hits = new ArrayList<>(page.docs().size());
            Map<String, List<Highlighter.Value>> values = new LinkedHashMap<>();
            read(s, page.docs(), highlighter, hits, values);
            Map<String, List<Map<String, Object>>> facets = new LinkedHashMap<>();
            if (!facetRequests.isEmpty()) {
                // Grouped by process, a process counts once in each facet.
                Query counted = q.groupByProcess() ? ProcessRepresentatives.of(s, query) : query;
                facetCounter
                        .count(s, counted, facetRequests)
                        .forEach((name, entries) -> facets.put(
                                name, entries.stream().map(FacetEntry::toJson).toList()));
            }
            return new ProcessResults(
                    page.total(),
                    hits,
                    perProcess,
                    facets,
                    highlighter.isEmpty() ? List.of() : highlighter.highlight(values));
        });
    }

    /** Sensors and processes that ran this MD5, against all process documents (of the sensors in scope). */
    ProcessFrequency frequency(String md5, SensorScope sensors) {
        Query visible = sensorQuery(sensors);
        Query image = and(
                translator.translate(
                        io.lampblack.server.search.query.QueryNode.Term.of(ProcessFields.PROCESS_MD5, md5)),
                visible);
        return scope.withSearcher(PartitionFilter.ALL, s -> {
            SensorCounter matching = s.search(image, new SensorCounter.Manager());
            return new ProcessFrequency(
                    matching.sensors.size(),
                    matching.processes.size(),
                    visible == null ? s.getIndexReader().numDocs() : s.count(visible));
        });
    }

    /**
     * The segments of the sensors in scope; null (no filter at all) when the scope is every sensor. A scope usually
     * keeps most segments, so next to a selective query the doc values of the few candidates are checked instead of
     * collecting every in-scope segment from the points (Lucene chooses by the query's cost).
     */
    static Query sensorQuery(SensorScope sensors) {
        return sensors.sensorIds()
                .map(ids -> {
                    long[] values = ids.stream().mapToLong(Integer::longValue).toArray();
                    return NumericDocValuesField.newSlowSetQuery(ProcessFields.SENSOR_ID, values);
                })
                .orElse(null);
    }

    /** The documents of a page (in order) and the total the envelope reports. */
    private record Page(long total, List<ScoreDoc> docs) {}

    private static Page page(IndexSearcher s, Query query, Sort sort, int start, int rows) throws IOException {
        if (rows <= 0) {
            return new Page(s.search(query, new TotalHitCountCollectorManager(s.getSlices())), List.of());
        }
        // A start near the int range must not overflow into a negative count; Lucene caps it at the index size.
        TopDocs top = s.search(query, (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) start + rows)), sort);
        List<ScoreDoc> docs =
                Arrays.asList(top.scoreDocs).subList(Math.min(start, top.scoreDocs.length), top.scoreDocs.length);
        long total = top.totalHits.relation() == TotalHits.Relation.EQUAL_TO ? top.totalHits.value() : s.count(query);
        return new Page(total, docs);
    }

    /** One row per process ({@link ProcessGrouping}); the total is the number of matching processes. */
    private static Page grouped(IndexSearcher s, Query query, Sort sort, int start, int rows) throws IOException {
        ProcessGrouping.Result r = ProcessGrouping.firstPerProcess(s, query, sort, start, rows);
        return new Page(r.processes(), r.page());
    }

    /** Rows of a page whose event values (modules, files, registry keys, domains) are highlighted. */
    static final int HIGHLIGHT_EVENT_ROWS = 100;

    private static final Set<String> JSON_AND_EVENTS = Set.of(
            SegmentDocumentBuilder.UNIQUE_ID, SegmentDocumentBuilder.STORED_JSON, SegmentDocumentBuilder.STORED_EVENTS);

    /** Reads the page's stored documents, and the values highlights need (events only if the query can hit them). */
    private static void read(
            IndexSearcher s,
            List<ScoreDoc> docs,
            Highlighter highlighter,
            List<ProcessHit> hits,
            Map<String, List<Highlighter.Value>> values)
            throws IOException {
        StoredFields stored = s.storedFields();
        boolean withEvents = !highlighter.isEmpty() && HighlightValues.needsEvents(highlighter);
        int row = 0;
        for (ScoreDoc sd : docs) {
            // Event values are decoded for the first rows only: a 10,000-row page must not decode 10,000 event logs.
            boolean events = withEvents && row++ < HIGHLIGHT_EVENT_ROWS;
            Document d = stored.document(sd.doc, events ? JSON_AND_EVENTS : SegmentDocumentBuilder.JSON_ONLY);
            ProcessHit hit = new ProcessHit(
                    d.get(SegmentDocumentBuilder.UNIQUE_ID),
                    bytes(d.getBinaryValue(SegmentDocumentBuilder.STORED_JSON)));
            hits.add(hit);
            if (!highlighter.isEmpty()) {
                BytesRef ev = events ? d.getBinaryValue(SegmentDocumentBuilder.STORED_EVENTS) : null;
                values.put(hit.uniqueId(), HighlightValues.of(hit.json(), ev == null ? null : bytes(ev), highlighter));
            }
        }
    }

    private static Sort sortOf(ProcessQuery q) {
        if (q.sortField().isEmpty()) return defaultSort();
        String name = q.sortField().get();
        return new Sort(
                SortFields.of(
                        ProcessSchema.INSTANCE
                                .field(name)
                                .orElseThrow(
                                        () -> RequestParameters.invalid("cannot sort on unknown field '" + name + "'")),
                        q.descending()),
                new SortField(ProcessFields.LAST_UPDATE, SortField.Type.LONG, true));
    }

    /** The request's time window as a filter on the segments' sensor and server times; null when open. */
    static Query windowQuery(PartitionFilter w) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        if (w.minServerMillis() != Long.MIN_VALUE || w.maxServerMillis() != Long.MAX_VALUE) {
            b.add(
                    LongPoint.newRangeQuery(ProcessFields.LAST_SERVER_UPDATE, w.minServerMillis(), w.maxServerMillis()),
                    Occur.FILTER);
            clauses++;
        }
        if (w.minSensorMillis() != Long.MIN_VALUE || w.maxSensorMillis() != Long.MAX_VALUE) {
            b.add(
                    LongPoint.newRangeQuery(ProcessFields.LAST_UPDATE, w.minSensorMillis(), w.maxSensorMillis()),
                    Occur.FILTER);
            clauses++;
        }
        return clauses == 0 ? null : b.build();
    }

    /** {@code query} filtered by {@code filter}; either may be null (none), and so is the answer when both are. */
    private static Query and(Query query, Query filter) {
        if (filter == null) return query;
        if (query == null) return filter;
        return new BooleanQuery.Builder()
                .add(query, Occur.MUST)
                .add(filter, Occur.FILTER)
                .build();
    }

    static Sort defaultSort() {
        return new Sort(new SortField(ProcessFields.LAST_UPDATE, SortField.Type.LONG, true));
    }

    static byte[] bytes(BytesRef r) {
        return Arrays.copyOfRange(r.bytes, r.offset, r.offset + r.length);
    }
}
