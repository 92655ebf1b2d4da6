package io.lampblack.server.lucene.query;

import io.lampblack.server.search.query.DateValues;
import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.FieldSpec;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;

/** Date-time fields, indexed as epoch-millisecond points; values are read by {@link DateValues}. */
final class DateQueries implements KindQueries {

    private final DateValues dates;

    DateQueries(DateValues dates) {
        this.dates = dates;
    }

    @Override
    public Query term(FieldSpec field, String text, String clause) {
        if (Wildcards.has(text)) {
            throw new QuerySyntaxException("'" + clause + "': wildcards are not supported on the date field "
                    + field.name() + "; use a range such as [2016-12-01 TO *]");
        }
        DateValues.Span span = dates.asValue(text, clause);
        return LongPoint.newRangeQuery(field.name(), span.first(), span.last());
    }

    @Override
    public Query phrase(FieldSpec field, String text, String clause) {
        return term(field, text, clause);
    }

    @Override
    public Query range(FieldSpec field, QueryNode.Range range, String clause) {
        long lower = Long.MIN_VALUE;
        long upper = Long.MAX_VALUE;
        if (range.lower().isPresent()) {
            DateValues.Span span = dates.asBound(range.lower().get(), clause);
            lower = range.includeLower() ? span.first() : span.last() + 1;
        }
        if (range.upper().isPresent()) {
            DateValues.Span span = dates.asBound(range.upper().get(), clause);
            upper = range.includeUpper() ? span.last() : span.first() - 1;
        }
        return lower > upper
                ? new MatchNoDocsQuery("empty date range")
                : LongPoint.newRangeQuery(field.name(), lower, upper);
    }
}
