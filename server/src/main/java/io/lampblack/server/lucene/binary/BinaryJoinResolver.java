package io.lampblack.server.lucene.binary;

import io.lampblack.server.binary.BinarySearch;
import io.lampblack.server.lucene.query.DynamicFieldResolver;
import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.query.QueryTerms;
import io.lampblack.server.search.schema.DynamicField;
import io.lampblack.server.search.schema.HashNormalizer;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Binary joins in process search (reference §2.2): {@code digsig_result_modload:Unsigned} is the binary clause
 * {@code digsig_result:Unsigned} run on the binary index, whose matching MD5s become a term-set query on the process
 * field the join names ({@code modload_md5}; {@code process_md5} without a suffix), in the lower-case form process
 * documents index MD5s in. An MD5 the binary index does not hold never satisfies a join.
 *
 * <p>A clause matching more than {@code limit} binaries is refused with a syntax error
 * ({@code query_malformed_syntax}), as Carbon Black 6.2.3+ blocks large joins by default; the limit is the server
 * setting {@code binary-join-limit}. Other dynamic fields (feed scores, watchlist tags) go to the resolver this one
 * is composed with. Thread-safe.
 */
public final class BinaryJoinResolver implements DynamicFieldResolver {

    public static final int DEFAULT_LIMIT = 100_000;

    private final BinarySearch binaries;
    private final int limit;
    private final DynamicFieldResolver others;

    /** Joins only; other dynamic fields are rejected as not supported yet. */
    public BinaryJoinResolver(BinarySearch binaries, int limit) {
        this(binaries, limit, DynamicFieldResolver.unsupported());
    }

    /** @param others what answers feed-score and watchlist clauses on process documents (the tag store) */
    public BinaryJoinResolver(BinarySearch binaries, int limit, DynamicFieldResolver others) {
        this.binaries = binaries;
        this.limit = limit;
        this.others = others;
    }

    @Override
    public Query resolve(DynamicField field, QueryNode.Leaf clause) {
        return field instanceof DynamicField.BinaryJoin join ? resolve(join, clause) : others.resolve(field, clause);
    }

    /**
     * @throws QuerySyntaxException when the binary clause is malformed or matches more than the limit
     */
    public Query resolve(DynamicField.BinaryJoin join, QueryNode.Leaf clause) {
        BinarySearch.Md5Matches matches =
                binaries.md5sMatching(onField(clause, join.binaryField().name()), limit);
        if (matches.overLimit()) {
            throw new QuerySyntaxException(
                    "binary join too large: '" + QueryTerms.of(clause).getFirst() + "' matches more than " + limit
                            + " binaries (the server setting binary-join-limit); narrow it down");
        }
        if (matches.md5s().isEmpty()) {
            return new MatchNoDocsQuery(
                    "no binary matches " + QueryTerms.of(clause).getFirst());
        }
        List<BytesRef> terms = matches.md5s().stream()
                .map(md5 -> new BytesRef(HashNormalizer.normalize(md5)))
                .toList();
        return new TermInSetQuery(join.target().md5Field(), terms);
    }

    /** The same clause on another field (the binary field the join names, without its suffix). */
    static QueryNode.Leaf onField(QueryNode.Leaf clause, String field) {
        return switch (clause) {
            case QueryNode.Term t -> new QueryNode.Term(Optional.of(field), t.text());
            case QueryNode.Phrase p -> new QueryNode.Phrase(Optional.of(field), p.text());
            case QueryNode.Range r ->
                new QueryNode.Range(field, r.lower(), r.upper(), r.includeLower(), r.includeUpper());
            case QueryNode.Exists e -> new QueryNode.Exists(field);
        };
    }
}
