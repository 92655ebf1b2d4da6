package io.lampblack.server.lucene.query;

import io.lampblack.server.search.query.Clauses;
import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.DynamicField;
import org.apache.lucene.search.Query;

/**
 * Translates clauses on fields that segment documents do not hold: feed scores and watchlist
 * tags (kept in the tag store) and binary fields (evaluated on the binary index, then joined on
 * an MD5 of the process). The search service supplies the implementation that can reach those
 * stores; until then {@link #unsupported()} rejects such clauses clearly.
 */
@FunctionalInterface
public interface DynamicFieldResolver {

    /**
     * @throws QuerySyntaxException when the clause cannot be evaluated
     */
    Query resolve(DynamicField field, QueryNode.Leaf clause);

    /** Rejects every dynamic field with a "not supported yet" message naming it. */
    static DynamicFieldResolver unsupported() {
        return (field, clause) -> {
            throw new QuerySyntaxException("'" + Clauses.describe(clause) + "': searching on the " + field.describe()
                    + " is not supported yet");
        };
    }
}
