package io.lampblack.server.lucene.query;

import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.FieldSpec;
import io.lampblack.server.search.schema.KeywordNormalizer;
import io.lampblack.server.search.schema.UsernameNormalizer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;

/**
 * Whole-value fields: keywords, hashes, GUIDs, statuses, signature results, cross-process types,
 * user names (the index holds both the full and the short form, so one term covers both) and
 * booleans. Case-insensitive exact match; wildcards allowed except on booleans.
 */
final class KeywordQueries implements KindQueries {

    private final Wildcards wildcards;

    KeywordQueries(Wildcards wildcards) {
        this.wildcards = wildcards;
    }

    @Override
    public Query term(FieldSpec field, String text, String clause) {
        String value = normalize(field, text, clause);
        if (value.isEmpty()) {
            return new MatchNoDocsQuery("empty value");
        }
        if (field.kind() == FieldKind.BOOL) {
            return new TermQuery(new Term(field.name(), value));
        }
        return wildcards.termOrPattern(field.name(), value, clause);
    }

    @Override
    public Query phrase(FieldSpec field, String text, String clause) {
        String value = normalize(field, text, clause);
        return value.isEmpty() ? new MatchNoDocsQuery("empty value") : new TermQuery(new Term(field.name(), value));
    }

    @Override
    public Query range(FieldSpec field, QueryNode.Range range, String clause) {
        if (field.kind() == FieldKind.BOOL) {
            return KindQueries.super.range(field, range, clause);
        }
        return TermRangeQuery.newStringRange(
                field.name(),
                range.lower().map(v -> normalize(field, v, clause)).orElse(null),
                range.upper().map(v -> normalize(field, v, clause)).orElse(null),
                range.includeLower(),
                range.includeUpper());
    }

    private static String normalize(FieldSpec field, String text, String clause) {
        return switch (field.kind()) {
            case BOOL -> bool(text, clause);
            case USERNAME -> UsernameNormalizer.normalize(text);
            default -> KeywordNormalizer.normalize(field.kind(), text);
        };
    }

    private static String bool(String text, String clause) {
        String value = KeywordNormalizer.normalize(FieldKind.BOOL, text);
        if (!value.equals("true") && !value.equals("false")) {
            throw new QuerySyntaxException("'" + clause + "': '" + text + "' is not a boolean; use true or false");
        }
        return value;
    }
}
