package io.lampblack.server.lucene.query;

import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.FieldSpec;
import io.lampblack.server.search.schema.ProcessFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * How the clauses of one family of {@link io.lampblack.server.search.schema.FieldKind}s become
 * Lucene queries. Implementations apply the same normaliser the writer applied when indexing.
 */
interface KindQueries {

    /** A value, possibly with wildcards. */
    Query term(FieldSpec field, String text, String clause);

    /** A quoted value; wildcards are literal. */
    Query phrase(FieldSpec field, String text, String clause);

    default Query range(FieldSpec field, QueryNode.Range range, String clause) {
        throw new QuerySyntaxException("'" + clause + "': ranges are not supported on " + field.name() + " (a "
                + field.kind().name().toLowerCase(java.util.Locale.ROOT) + " field)");
    }

    /** {@code field:*}. */
    default Query exists(FieldSpec field) {
        return present(field);
    }

    /**
     * Documents with any value for the field: fields with doc values are found through those; for the others the
     * writer records a presence term.
     */
    static Query present(FieldSpec field) {
        if (field.hasDocValues()) return new org.apache.lucene.search.FieldExistsQuery(field.name());
        return new TermQuery(new Term(ProcessFields.PRESENT, field.name()));
    }
}
