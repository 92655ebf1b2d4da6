package io.lampblack.server.lucene.query;

import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.FieldSpec;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;

/**
 * Counts, integers and longs: exact values and inclusive ranges with {@code *} ends. For counts
 * {@code field:*} means "at least one" (reference §1.1), because every segment carries every
 * count, zeros included.
 */
final class NumberQueries implements KindQueries {

    @Override
    public Query term(FieldSpec field, String text, String clause) {
        long value = parse(field, text, clause);
        return between(field, value, value);
    }

    @Override
    public Query phrase(FieldSpec field, String text, String clause) {
        return term(field, text.strip(), clause);
    }

    @Override
    public Query range(FieldSpec field, QueryNode.Range range, String clause) {
        long min = isLong(field) ? Long.MIN_VALUE : Integer.MIN_VALUE;
        long max = isLong(field) ? Long.MAX_VALUE : Integer.MAX_VALUE;
        long lower = range.lower().map(v -> parse(field, v, clause)).orElse(min);
        long upper = range.upper().map(v -> parse(field, v, clause)).orElse(max);
        if (range.lower().isPresent() && !range.includeLower()) {
            if (lower == max) {
                return new MatchNoDocsQuery("empty range");
            }
            lower++;
        }
        if (range.upper().isPresent() && !range.includeUpper()) {
            if (upper == min) {
                return new MatchNoDocsQuery("empty range");
            }
            upper--;
        }
        return between(field, lower, upper);
    }

    @Override
    public Query exists(FieldSpec field) {
        if (field.kind() == FieldKind.COUNT) {
            return IntPoint.newRangeQuery(field.name(), 1, Integer.MAX_VALUE);
        }
        return KindQueries.super.exists(field);
    }

    private static Query between(FieldSpec field, long lower, long upper) {
        if (isLong(field)) {
            return LongPoint.newRangeQuery(field.name(), lower, upper);
        }
        return IntPoint.newRangeQuery(field.name(), (int) lower, (int) upper);
    }

    private static boolean isLong(FieldSpec field) {
        return field.kind() == FieldKind.LONG;
    }

    private static long parse(FieldSpec field, String text, String clause) {
        if (Wildcards.has(text)) {
            throw new QuerySyntaxException("'" + clause + "': wildcards are not supported on the number field "
                    + field.name() + "; use a range such as [10 TO *]");
        }
        try {
            return isLong(field) ? Long.parseLong(text.strip()) : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new QuerySyntaxException("'" + clause + "': '" + text + "' is not a whole number");
        }
    }
}
