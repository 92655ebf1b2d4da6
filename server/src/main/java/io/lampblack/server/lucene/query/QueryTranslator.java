package io.lampblack.server.lucene.query;

import io.lampblack.server.search.query.Clauses;
import io.lampblack.server.search.query.DateValues;
import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.DynamicField;
import io.lampblack.server.search.schema.FieldCatalog;
import io.lampblack.server.search.schema.FieldRef;
import io.lampblack.server.search.schema.FieldSpec;
import io.lampblack.server.search.schema.ProcessSchema;
import java.time.Clock;
import java.util.Objects;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;

/**
 * Turns a {@link QueryNode} tree into a Lucene {@link Query} over documents written by
 * {@link io.lampblack.server.lucene.schema.ProcessFieldWriter}. Each leaf is translated by the
 * rules of its field's kind; an unfielded leaf is an OR over the catalogue's default fields.
 * Clauses on dynamic fields (feed scores, watchlist tags, binary joins) go to the
 * {@link DynamicFieldResolver}. Thread-safe.
 */
public final class QueryTranslator {

    private final FieldCatalog catalog;
    private final DynamicFieldResolver dynamicFields;
    private final KindQueries keywords;
    private final KindQueries paths;
    private final KindQueries tokenized;
    private final KindQueries numbers;
    private final KindQueries dates;
    private final KindQueries addresses;

    /**
     * @param clock                 "now" for relative times such as {@code start:-24h}
     * @param allowLeadingWildcards whether patterns like {@code filemod:*\temp\evil.dll} are
     *                              allowed; they scan every term of a field, so Carbon Black blocks
     *                              them by default
     * @param dynamicFields         translation of feed-score, watchlist and binary-join clauses
     */
    public QueryTranslator(
            FieldCatalog catalog, Clock clock, boolean allowLeadingWildcards, DynamicFieldResolver dynamicFields) {
        this(catalog, clock, allowLeadingWildcards, dynamicFields, PathResolver.IN_PLACE);
    }

    /** @param pathResolver how sub-path queries of path fields reach the searched documents */
    public QueryTranslator(
            FieldCatalog catalog,
            Clock clock,
            boolean allowLeadingWildcards,
            DynamicFieldResolver dynamicFields,
            PathResolver pathResolver) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.dynamicFields = Objects.requireNonNull(dynamicFields, "dynamicFields");
        Wildcards wildcards = new Wildcards(allowLeadingWildcards);
        this.keywords = new KeywordQueries(wildcards);
        this.paths = resolved(new PathQueries(wildcards), Objects.requireNonNull(pathResolver, "pathResolver"));
        this.tokenized = new TokenizedQueries(wildcards);
        this.numbers = new NumberQueries();
        this.dates = new DateQueries(new DateValues(Objects.requireNonNull(clock, "clock")));
        this.addresses = new AddressQueries();
    }

    /** A process-search translator that rejects dynamic fields as not supported yet. */
    public static QueryTranslator forProcesses(Clock clock, boolean allowLeadingWildcards) {
        return forProcesses(clock, allowLeadingWildcards, PathResolver.IN_PLACE);
    }

    /** As {@link #forProcesses(Clock, boolean)}, for an index whose path fields resolve through {@code paths}. */
    public static QueryTranslator forProcesses(Clock clock, boolean allowLeadingWildcards, PathResolver paths) {
        return forProcesses(clock, allowLeadingWildcards, paths, DynamicFieldResolver.unsupported());
    }

    /**
     * As {@link #forProcesses(Clock, boolean, PathResolver)}, with feed-score, watchlist and binary-join clauses
     * answered by {@code dynamicFields} (e.g. {@code lucene.binary.BinaryJoinResolver} composed with the tag store).
     */
    public static QueryTranslator forProcesses(
            Clock clock, boolean allowLeadingWildcards, PathResolver paths, DynamicFieldResolver dynamicFields) {
        return new QueryTranslator(ProcessSchema.INSTANCE, clock, allowLeadingWildcards, dynamicFields, paths);
    }

    /** Path clauses whose sub-path query is handed to the resolver. */
    private static KindQueries resolved(KindQueries inner, PathResolver resolver) {
        return new KindQueries() {
            @Override
            public Query term(FieldSpec field, String text, String clause) {
                return resolver.resolve(field.name(), inner.term(field, text, clause));
            }

            @Override
            public Query phrase(FieldSpec field, String text, String clause) {
                return resolver.resolve(field.name(), inner.phrase(field, text, clause));
            }

            @Override
            public Query range(FieldSpec field, QueryNode.Range range, String clause) {
                return resolver.resolve(field.name(), inner.range(field, range, clause));
            }

            @Override
            public Query exists(FieldSpec field) {
                return inner.exists(field);
            }
        };
    }

    /**
     * @throws QuerySyntaxException when a value does not fit its field, a field is not
     *                              supported yet, or a leading wildcard is not allowed, or the query has more
     *                              clauses than Lucene allows ({@link ClauseLimit}, counted before any is built)
     */
    public Query translate(QueryNode node) {
        check(node);
        return build(node);
    }

    /**
     * Checks a whole query against {@link ClauseLimit} without building it. A caller that translates a query piece by
     * piece (comprehensive search evaluates each subtree on its own) calls this first: each piece alone may be within
     * the limits while the whole is far beyond them.
     *
     * @throws QuerySyntaxException when the query has more clauses, or wildcard patterns, than allowed
     */
    public void check(QueryNode node) {
        ClauseLimit.check(node, catalog);
    }

    private Query build(QueryNode node) {
        return switch (node) {
            case QueryNode.MatchAll all -> new MatchAllDocsQuery();
            case QueryNode.Leaf leaf -> leaf(leaf);
            case QueryNode.And and -> and(and);
            case QueryNode.Or or -> or(or);
            case QueryNode.Not not -> allBut(build(not.clause()));
            case QueryNode.FieldGroup group -> build(group.body());
        };
    }

    private Query and(QueryNode.And and) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        boolean anyPositive = false;
        for (QueryNode clause : and.clauses()) {
            if (clause instanceof QueryNode.Not not) {
                builder.add(build(not.clause()), Occur.MUST_NOT);
            } else {
                builder.add(build(clause), Occur.MUST);
                anyPositive = true;
            }
        }
        if (!anyPositive) {
            // Lucene matches nothing with only MUST_NOT clauses; "-a -b" means "all but a and b".
            builder.add(new MatchAllDocsQuery(), Occur.MUST);
        }
        return builder.build();
    }

    private Query or(QueryNode.Or or) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        for (QueryNode clause : or.clauses()) {
            builder.add(build(clause), Occur.SHOULD);
        }
        return builder.build();
    }

    private static Query allBut(Query excluded) {
        return new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), Occur.MUST)
                .add(excluded, Occur.MUST_NOT)
                .build();
    }

    private Query leaf(QueryNode.Leaf leaf) {
        if (leaf.fieldName().isEmpty()) {
            return defaultFields(leaf);
        }
        String name = leaf.fieldName().get();
        FieldRef ref = catalog.resolve(name)
                .orElseThrow(() ->
                        new QuerySyntaxException("'" + Clauses.describe(leaf) + "': unknown field '" + name + "'"));
        return switch (ref) {
            case DynamicField dynamic -> dynamicFields.resolve(dynamic, leaf);
            case FieldSpec spec -> field(spec, leaf);
        };
    }

    private Query field(FieldSpec spec, QueryNode.Leaf leaf) {
        if (!spec.unionOf().isEmpty()) {
            // A union field (md5, sha256) has no terms of its own: it matches where any member field matches.
            org.apache.lucene.search.BooleanQuery.Builder any = new org.apache.lucene.search.BooleanQuery.Builder();
            for (String member : spec.unionOf()) {
                FieldSpec m = (FieldSpec) catalog.resolve(member).orElseThrow();
                any.add(field(m, leaf), org.apache.lucene.search.BooleanClause.Occur.SHOULD);
            }
            return any.build();
        }
        String clause = Clauses.describe(leaf);
        if (spec.unsupported().isPresent()) {
            throw new QuerySyntaxException(
                    "'" + clause + "': " + spec.unsupported().get());
        }
        KindQueries kind = queriesFor(spec, clause);
        return switch (leaf) {
            case QueryNode.Term term -> kind.term(spec, term.text(), clause);
            case QueryNode.Phrase phrase -> kind.phrase(spec, phrase.text(), clause);
            case QueryNode.Exists exists -> kind.exists(spec);
            // [* TO *] is documented as "field exists"; unlike count:* it includes zero counts.
            case QueryNode.Range range ->
                range.lower().isEmpty() && range.upper().isEmpty()
                        ? KindQueries.present(spec)
                        : kind.range(spec, range, clause);
        };
    }

    /** An unfielded term or phrase: any default field may match. */
    private Query defaultFields(QueryNode.Leaf leaf) {
        String clause = Clauses.describe(leaf);
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        int clauses = 0;
        for (FieldSpec spec : catalog.defaultFields()) {
            if (!(leaf instanceof QueryNode.Term) && !(leaf instanceof QueryNode.Phrase)) {
                throw new QuerySyntaxException("'" + clause + "' needs a field");
            }
            // A union field (md5, sha256) has no terms of its own; unfielded, it must still reach members that are
            // not default fields themselves (modload_md5), as md5:<hash> does.
            if (!spec.unionOf().isEmpty()) {
                builder.add(field(spec, leaf), Occur.SHOULD);
                clauses++;
                continue;
            }
            KindQueries kind = queriesFor(spec, clause);
            Query query = switch (leaf) {
                case QueryNode.Term term -> kind.term(spec, term.text(), clause);
                case QueryNode.Phrase phrase -> kind.phrase(spec, phrase.text(), clause);
                default -> throw new IllegalStateException("checked above");
            };
            if (!(query instanceof MatchNoDocsQuery)) {
                builder.add(query, Occur.SHOULD);
                clauses++;
            }
        }
        return clauses == 0 ? new MatchNoDocsQuery("no default field can hold '" + clause + "'") : builder.build();
    }

    private KindQueries queriesFor(FieldSpec spec, String clause) {
        return switch (spec.kind()) {
            case KEYWORD, MD5, SHA256, GUID, SIGN, STATUS, CROSSPROC_TYPE, USERNAME, BOOL -> keywords;
            case PATH, REGMOD_PATH -> paths;
            case CMDLINE, DOMAIN, TEXT -> tokenized;
            case COUNT, INTEGER, LONG -> numbers;
            case DATETIME -> dates;
            case IPV4, IPV6 -> addresses;
        };
    }
}
