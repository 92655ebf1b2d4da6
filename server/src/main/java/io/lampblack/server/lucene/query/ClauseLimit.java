package io.lampblack.server.lucene.query;

import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.FieldCatalog;
import io.lampblack.server.search.schema.FieldRef;
import io.lampblack.server.search.schema.FieldSpec;
import org.apache.lucene.search.IndexSearcher;

/**
 * Lucene's limit on the clauses of one query ({@link IndexSearcher#getMaxClauseCount()}), counted on the parsed query
 * before anything is built: 2,000 OR'd wildcards over a dozen default fields would otherwise build 24,000 automata
 * and expand them against the index (seconds of CPU) before Lucene counts and refuses them. Lucene still counts the
 * rewritten query; both refusals are the same {@link #exceeded()}.
 *
 * <p>The count: a fielded term is one clause (a union field such as {@code md5}, one per member), an unfielded term
 * one per default field, a negation one more for the "everything" it is taken from.
 *
 * <p>Wildcard patterns are counted again on their own, against the much lower {@link #MAX_PATTERNS}: each one is an
 * automaton to build and compile (an infix pattern such as {@code a*b?c*} takes milliseconds per field, and an
 * unfielded one is built for each of two dozen default fields), so a few hundred of them cost seconds of CPU while
 * staying well within Lucene's clause limit.
 */
public final class ClauseLimit {

    private ClauseLimit() {}

    /** The most wildcard patterns one query may build, after unfielded terms are spread over the default fields. */
    public static final int MAX_PATTERNS = 1024;

    /** @throws QuerySyntaxException when the query would have more clauses, or patterns, than allowed */
    static void check(QueryNode node, FieldCatalog catalog) {
        if (count(node, catalog, IndexSearcher.getMaxClauseCount(), false) > IndexSearcher.getMaxClauseCount())
            throw exceeded();
        if (count(node, catalog, MAX_PATTERNS, true) > MAX_PATTERNS)
            throw new QuerySyntaxException("the query has more than " + MAX_PATTERNS + " wildcard patterns (an"
                    + " unfielded term counts once per default field); name the field, or split the query");
    }

    /** The one answer to a query too large for Lucene: the user's mistake, so a syntax error, not an internal one. */
    public static QuerySyntaxException exceeded() {
        return new QuerySyntaxException("the query expands to more than " + IndexSearcher.getMaxClauseCount()
                + " clauses (an unfielded term counts once per default field); name the field, or split the query");
    }

    /**
     * Counts clauses (or only wildcard patterns), up to a little past {@code limit}: a deeply nested query is not
     * walked further than it must be.
     */
    private static long count(QueryNode node, FieldCatalog catalog, long limit, boolean patternsOnly) {
        return switch (node) {
            case QueryNode.MatchAll all -> patternsOnly ? 0 : 1;
            case QueryNode.Not not -> (patternsOnly ? 0 : 1) + count(not.clause(), catalog, limit, patternsOnly);
            case QueryNode.FieldGroup group -> count(group.body(), catalog, limit, patternsOnly);
            case QueryNode.And and -> sum(and.clauses(), catalog, limit, patternsOnly);
            case QueryNode.Or or -> sum(or.clauses(), catalog, limit, patternsOnly);
            case QueryNode.Leaf leaf -> {
                if (patternsOnly && !(leaf instanceof QueryNode.Term t && Wildcards.has(t.text()))) yield 0;
                yield leaf.fieldName().isEmpty()
                        ? catalog.defaultFields().stream()
                                .mapToLong(f -> fields(f, catalog))
                                .sum()
                        : catalog.resolve(leaf.fieldName().get())
                                .map(ref -> fields(ref, catalog))
                                .orElse(1L);
            }
        };
    }

    private static long sum(java.util.List<QueryNode> clauses, FieldCatalog catalog, long limit, boolean patternsOnly) {
        long n = 0;
        for (QueryNode c : clauses) {
            n += count(c, catalog, limit, patternsOnly);
            if (n > limit) return n;
        }
        return n;
    }

    private static long fields(FieldRef ref, FieldCatalog catalog) {
        return ref instanceof FieldSpec spec && !spec.unionOf().isEmpty()
                ? spec.unionOf().size()
                : 1;
    }
}
