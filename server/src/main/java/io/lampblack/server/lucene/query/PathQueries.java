package io.lampblack.server.lucene.query;

import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.FieldSpec;
import io.lampblack.server.search.schema.PathNormalizer;
import io.lampblack.server.search.schema.RegmodNormalizer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Path fields: the normalised value must equal one of the indexed right-anchored sub-paths
 * ({@code path:windows\system32} therefore does not match a longer path), or match one as a
 * pattern ({@code path:c:\windows\*} is a prefix, {@code path:system*} any component).
 */
final class PathQueries implements KindQueries {

    private final Wildcards wildcards;

    PathQueries(Wildcards wildcards) {
        this.wildcards = wildcards;
    }

    @Override
    public Query term(FieldSpec field, String text, String clause) {
        String value = normalize(field, text);
        if (value.isEmpty()) {
            return new MatchNoDocsQuery("empty path");
        }
        return wildcards.termOrPattern(field.name(), value, clause);
    }

    @Override
    public Query phrase(FieldSpec field, String text, String clause) {
        String value = normalize(field, text);
        return value.isEmpty() ? new MatchNoDocsQuery("empty path") : new TermQuery(new Term(field.name(), value));
    }

    private static String normalize(FieldSpec field, String text) {
        return field.kind() == FieldKind.REGMOD_PATH
                ? RegmodNormalizer.normalize(text)
                : PathNormalizer.normalize(text);
    }
}
