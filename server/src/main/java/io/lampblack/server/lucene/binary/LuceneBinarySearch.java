package io.lampblack.server.lucene.binary;

import io.lampblack.server.binary.BinaryJson;
import io.lampblack.server.binary.BinaryRecord;
import io.lampblack.server.binary.BinarySearch;
import io.lampblack.server.lucene.facet.FacetCounter;
import io.lampblack.server.lucene.facet.FacetRequest;
import io.lampblack.server.lucene.query.DynamicFieldResolver;
import io.lampblack.server.lucene.query.PathResolver;
import io.lampblack.server.lucene.query.QueryTranslator;
import io.lampblack.server.lucene.schema.SortFields;
import io.lampblack.server.search.Highlighter;
import io.lampblack.server.search.SensorScope;
import io.lampblack.server.search.facet.FacetEntry;
import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QueryParser;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.query.QueryTerms;
import io.lampblack.server.search.query.RequestParameters;
import io.lampblack.server.search.query.SearchParameters;
import io.lampblack.server.search.query.SortOrder;
import io.lampblack.server.search.schema.BinarySchema;
import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.FieldSpec;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHitCountCollectorManager;

/**
 * Binary search on the {@link LuceneBinaryIndex} ({@code /api/v1/binary}, reference §1.3): request parameters →
 * query AST over {@link BinarySchema} → Lucene → a page of binary documents, with facets on request. Also evaluates
 * the binary side of process-search joins ({@link #md5sMatching}). Thread-safe.
 */
public final class LuceneBinarySearch implements BinarySearch {

    /** Carbon Black's ceiling on one page. */
    static final int MAX_ROWS = 10_000;

    static final String DEFAULT_SORT = BinarySchema.SERVER_ADDED_TIMESTAMP;
    static final int FACET_DAYS = 30;
    static final int FACET_MONTHS = 48;
    /** The facets reported for {@code facet=true} without {@code facet.field} (reference §5). */
    static final List<String> DEFAULT_FACETS = List.of(
            "product_name_facet",
            "company_name_facet",
            "digsig_publisher_facet",
            "file_version_facet",
            "observed_filename_facet",
            BinarySchema.DIGSIG_RESULT,
            BinarySchema.DIGSIG_SIGN_TIME,
            BinarySchema.SERVER_ADDED_TIMESTAMP);

    /**
     * Fields that describe a binary's sightings on every sensor (hidden ones included) and are not recorded per
     * sensor, or count them: a caller limited to some sensor groups may not search or sort on them, their facets are
     * empty for such a caller ({@code endpoint}, {@code hostname} and {@code group} facets excepted: the API filters
     * their entries), and unfielded terms do not search them.
     */
    static final Set<String> PER_SIGHTING = Set.of(
            BinarySchema.ENDPOINT,
            BinarySchema.HOSTNAME,
            BinarySchema.GROUP,
            BinarySchema.OBSERVED_FILENAME,
            BinarySchema.OBSERVED_FILENAME + "_facet",
            BinarySchema.HOST_COUNT,
            BinarySchema.LAST_SEEN);

    /** Per-sighting facets whose entries the API filters to the visible sensors and groups. */
    private static final Set<String> FILTERED_FACETS =
            Set.of(BinarySchema.ENDPOINT, BinarySchema.HOSTNAME, BinarySchema.GROUP);

    private final LuceneBinaryIndex index;
    private final QueryParser parser = new QueryParser(BinarySchema.INSTANCE);
    private final QueryTranslator translator;
    /** The translator for callers limited to some sensors: {@link #PER_SIGHTING} fields refused. */
    private final QueryTranslator scopedTranslator;

    private final FacetCounter facets;

    /**
     * @param clock                 "now" for relative times ({@code server_added_timestamp:-24h}) and facet windows
     * @param allowLeadingWildcards whether terms may start with a wildcard (slow; blocked by default)
     * @param tags                  {@code alliance_score_<feed>} and {@code watchlist_<id>} clauses (the tag store);
     *                              {@link DynamicFieldResolver#unsupported()} until it exists
     */
    /** The binary documents of these MD5s (tag-store keys of {@code TagStore.Scope.BINARY}). */
    public static org.apache.lucene.search.Query documentsOf(java.util.Collection<String> md5s) {
        return new org.apache.lucene.search.TermInSetQuery(
                io.lampblack.server.search.schema.BinarySchema.MD5_FIELD,
                md5s.stream()
                        .map(m -> new org.apache.lucene.util.BytesRef(
                                io.lampblack.server.search.schema.HashNormalizer.normalize(m)))
                        .toList());
    }

    public LuceneBinarySearch(
            LuceneBinaryIndex index, Clock clock, boolean allowLeadingWildcards, DynamicFieldResolver tags) {
        this.index = index;
        this.translator =
                new QueryTranslator(BinarySchema.INSTANCE, clock, allowLeadingWildcards, tags, PathResolver.IN_PLACE);
        this.scopedTranslator = new QueryTranslator(
                new SightingsHidden(BinarySchema.INSTANCE), clock, allowLeadingWildcards, tags, PathResolver.IN_PLACE);
        this.facets = new FacetCounter(clock);
    }

    /**
     * @throws QuerySyntaxException                    a malformed query
     * @throws io.lampblack.server.problem.InvalidInput other bad parameters
     */
    @Override
    public Outcome search(Map<String, List<String>> params) {
        return search(params, SensorScope.EVERY);
    }

    @Override
    public Outcome search(Map<String, List<String>> params, SensorScope sensors) {
        try {
            return evaluate(params, sensors);
        } catch (org.apache.lucene.search.IndexSearcher.TooManyClauses e) {
            throw io.lampblack.server.lucene.query.ClauseLimit.exceeded();
        }
    }

    private Outcome evaluate(Map<String, List<String>> params, SensorScope sensors) {
        int start = RequestParameters.nonNegativeInt(params, "start", 0);
        int rows = Math.min(MAX_ROWS, RequestParameters.nonNegativeInt(params, "rows", 10));
        boolean scoped = !sensors.everything();
        QueryNode node = SearchParameters.from(params).toQuery(parser);
        Query described = BinaryDocument.described((scoped ? scopedTranslator : translator).translate(node));
        Sort sort = sort(RequestParameters.first(params, "sort"), scoped);
        List<FacetRequest> requests = facetRequests(params, scoped);
        return index.read(s -> {
            Query query = VisibleEndpoints.filter(s, described, sensors);
            long total;
            List<BinaryRecord> results = new ArrayList<>();
            if (rows == 0) {
                total = s.search(query, new TotalHitCountCollectorManager(s.getSlices()));
            } else {
                // A start near the int range must not overflow into a negative hit count; Lucene caps it at the index
                // size.
                TopDocs top = s.search(query, (int) Math.min(Integer.MAX_VALUE, (long) start + rows), sort);
                total = s.count(query);
                StoredFields stored = s.storedFields();
                for (int i = start; i < top.scoreDocs.length; i++) {
                    ScoreDoc sd = top.scoreDocs[i];
                    results.add(BinaryDocument.read(stored.document(sd.doc, BinaryDocument.JSON_ONLY)));
                }
            }
            Map<String, List<FacetEntry>> counted = new LinkedHashMap<>(facets.count(s, query, requests));
            for (FacetRequest r : requests) {
                if (isBoolean(r.name())) counted.put(r.name(), booleanFacet(s, query, r.name()));
            }
            return new Outcome(total, results, start, QueryTerms.of(node), counted, highlights(node, results, scoped));
        });
    }

    private static boolean isBoolean(String field) {
        return BinarySchema.INSTANCE
                .field(field)
                .filter(f -> f.kind() == FieldKind.BOOL)
                .isPresent();
    }

    /**
     * A boolean field's facet: how many matching binaries hold true and how many false, larger count first, values
     * no binary holds left out. Counted with the field's terms, since boolean fields have no doc values (adding them
     * would change the schema of existing indexes).
     */
    private static List<FacetEntry> booleanFacet(IndexSearcher s, Query query, String field) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String value : List.of("true", "false")) {
            Query q = new BooleanQuery.Builder()
                    .add(query, BooleanClause.Occur.MUST)
                    .add(new TermQuery(new Term(field, value)), BooleanClause.Occur.FILTER)
                    .build();
            long n = s.count(q);
            if (n > 0) counts.put(value, n);
        }
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long sum = counts.values().stream().mapToLong(Long::longValue).sum();
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> FacetEntry.of(e.getKey(), e.getValue(), max, sum))
                .toList();
    }

    /** Highlights of the page's binaries: their string values the query's terms match, with the MD5s holding them. */
    private static List<Map<String, Object>> highlights(QueryNode node, List<BinaryRecord> page, boolean scoped) {
        Highlighter h = new Highlighter(node, BinarySchema.INSTANCE);
        if (h.isEmpty() || page.isEmpty()) return List.of();
        Map<String, List<Highlighter.Value>> values = new LinkedHashMap<>();
        for (BinaryRecord r : page) {
            List<Highlighter.Value> own = new ArrayList<>();
            BinaryJson.document(r).properties().forEach(e -> {
                if (!h.wants(e.getKey()) || (scoped && PER_SIGHTING.contains(e.getKey()))) return;
                if (e.getValue().isTextual())
                    own.add(new Highlighter.Value(e.getKey(), e.getValue().asText()));
                else if (e.getValue().isArray())
                    e.getValue().forEach(v -> {
                        if (v.isTextual()) own.add(new Highlighter.Value(e.getKey(), v.asText()));
                    });
            });
            values.put(r.md5(), own);
        }
        return h.highlight(values);
    }

    /**
     * The binaries a (binary-field) query matches, at most {@code limit} of them; when more match, only
     * {@code overLimit} is reported, so the caller can refuse the join.
     *
     * @throws QuerySyntaxException a clause the binary index cannot evaluate
     */
    @Override
    public Md5Matches md5sMatching(QueryNode node, int limit) {
        Query query = BinaryDocument.described(translator.translate(node));
        return index.read(s -> {
            if (s.count(query) > limit) {
                return new Md5Matches(Set.of(), true);
            }
            return new Md5Matches(Set.copyOf(s.search(query, md5Collector())), false);
        });
    }

    private static CollectorManager<SimpleCollector, Set<String>> md5Collector() {
        return new CollectorManager<>() {
            @Override
            public SimpleCollector newCollector() {
                return new Md5Collector();
            }

            @Override
            public Set<String> reduce(Collection<SimpleCollector> collectors) {
                Set<String> all = new HashSet<>();
                collectors.forEach(c -> all.addAll(((Md5Collector) c).md5s));
                return all;
            }
        };
    }

    private static final class Md5Collector extends SimpleCollector {
        final Set<String> md5s = new HashSet<>();
        private SortedDocValues values;

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            values = context.reader().getSortedDocValues(BinaryDocument.MD5_VALUE);
        }

        @Override
        public void collect(int doc) throws IOException {
            if (values != null && values.advanceExact(doc)) {
                md5s.add(values.lookupOrd(values.ordValue()).utf8ToString());
            }
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }

    /** {@code "<field> asc|desc"}; Carbon Black's default is {@code server_added_timestamp desc}. Ties by MD5. */
    static Sort sort(String param) {
        return sort(param, false);
    }

    /** @param scoped whether the caller is limited to some sensors ({@link #PER_SIGHTING} fields refused) */
    static Sort sort(String param, boolean scoped) {
        SortOrder order = SortOrder.parse(param).orElse(new SortOrder(DEFAULT_SORT, true));
        String name = order.field();
        if (scoped && PER_SIGHTING.contains(name.toLowerCase(Locale.ROOT))) throw notAvailable(name);
        boolean descending = order.descending();
        FieldSpec spec = BinarySchema.INSTANCE
                .field(name)
                .orElseThrow(() -> RequestParameters.invalid("cannot sort on unknown field '" + name + "'"));
        SortField primary = SortFields.of(spec, descending);
        // Binaries known only from process activity have no sizes or signing time: they sort last either way.
        switch (primary.getType()) {
            case LONG -> primary.setMissingValue(descending ? Long.MIN_VALUE : Long.MAX_VALUE);
            case INT -> primary.setMissingValue(descending ? Integer.MIN_VALUE : Integer.MAX_VALUE);
            default -> primary.setMissingValue(descending ? SortField.STRING_FIRST : SortField.STRING_LAST);
        }
        return new Sort(primary, new SortField(BinaryDocument.MD5_VALUE, SortField.Type.STRING));
    }

    /** What {@code facet=true} and {@code facet.field} ask for; unknown or non-facet fields are reported empty. */
    static List<FacetRequest> facetRequests(Map<String, List<String>> params) {
        return facetRequests(params, false);
    }

    /** @param scoped whether the caller is limited to some sensors (per-sighting facets other than the filtered empty) */
    static List<FacetRequest> facetRequests(Map<String, List<String>> params, boolean scoped) {
        boolean on = RequestParameters.flag(params, "facet");
        if (!on) {
            return List.of();
        }
        List<String> names = params.getOrDefault("facet.field", List.of()).stream()
                .map(v -> v.strip().toLowerCase(Locale.ROOT))
                .filter(v -> !v.isEmpty())
                .distinct()
                .toList();
        Map<String, FacetRequest> out = new LinkedHashMap<>();
        for (String name : names.isEmpty() ? DEFAULT_FACETS : names) {
            boolean hidden = scoped && PER_SIGHTING.contains(name) && !FILTERED_FACETS.contains(name);
            out.put(name, hidden ? new FacetRequest(name, "", FacetRequest.Kind.TERMS, 0) : facetRequest(name));
        }
        return List.copyOf(out.values());
    }

    private static FacetRequest facetRequest(String name) {
        FieldSpec spec =
                BinarySchema.INSTANCE.field(name).filter(FieldSpec::facetable).orElse(null);
        if (spec == null) {
            // e.g. alliance_score_virustotal before the tag store exists: an empty facet, not an error. The
            // empty field name is one no document has.
            return new FacetRequest(name, "", FacetRequest.Kind.TERMS, 0);
        }
        if (name.equals(BinarySchema.SERVER_ADDED_TIMESTAMP)) return FacetRequest.days(name, FACET_DAYS);
        if (spec.kind() == FieldKind.DATETIME) return FacetRequest.months(name, FACET_MONTHS);
        if (spec.kind() == FieldKind.INTEGER || spec.kind() == FieldKind.LONG) return FacetRequest.numbers(name);
        return FacetRequest.terms(name);
    }

    /** The 400 of a per-sighting field asked of by a caller limited to some sensors. */
    static io.lampblack.server.problem.InvalidInput notAvailable(String field) {
        return new io.lampblack.server.problem.InvalidInput(
                "field_not_available",
                "'" + field + "' describes the binary's sightings on every sensor, which you may not all see: it"
                        + " cannot be searched or sorted on by a caller limited to some sensor groups");
    }

    /** The binary fields less {@link #PER_SIGHTING}: naming one is a 400, unfielded terms do not search them. */
    private record SightingsHidden(io.lampblack.server.search.schema.FieldCatalog catalog)
            implements io.lampblack.server.search.schema.FieldCatalog {

        @Override
        public Optional<io.lampblack.server.search.schema.FieldRef> resolve(String name) {
            if (PER_SIGHTING.contains(name.toLowerCase(Locale.ROOT))) throw notAvailable(name);
            return catalog.resolve(name);
        }

        @Override
        public List<FieldSpec> defaultFields() {
            return catalog.defaultFields().stream()
                    .filter(f -> !PER_SIGHTING.contains(f.name()))
                    .toList();
        }
    }
}
