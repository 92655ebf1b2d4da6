package io.lampblack.server.lucene.query;

import io.lampblack.server.search.query.Clauses;
import io.lampblack.server.search.query.DateValues;
import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.DynamicField;
import io.lampblack.server.tag.TagStore;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;

/**
 * Clauses on tags (reference §2.2): {@code watchlist_<id>} (a date-time, the time of the hit) and
 * {@code alliance_score_<feed>} (an integer score; {@code :*} means a score above 0, as documented). The tag store
 * answers which documents hold a value in the clause's range; that key set becomes a filter on the searched index.
 * Binary-join clauses are handed to {@code joins}.
 */
public final class TagFieldResolver implements DynamicFieldResolver {

    /** The most tagged documents one clause may select (a guard like Carbon Black's large-join block). */
    public static final int MAX_TAGGED = 1_000_000;

    private final TagStore tags;
    private final TagStore.Scope scope;
    private final DateValues dates;
    private final Function<Collection<String>, Query> keysToQuery;
    private final DynamicFieldResolver joins;

    /**
     * @param keysToQuery turns tagged document keys into a query on the searched index
     * @param joins       resolver for binary-join clauses (process search), or one that rejects them
     */
    public TagFieldResolver(
            TagStore tags,
            TagStore.Scope scope,
            Clock clock,
            Function<Collection<String>, Query> keysToQuery,
            DynamicFieldResolver joins) {
        this.tags = Objects.requireNonNull(tags, "tags");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.dates = new DateValues(Objects.requireNonNull(clock, "clock"));
        this.keysToQuery = Objects.requireNonNull(keysToQuery, "keysToQuery");
        this.joins = Objects.requireNonNull(joins, "joins");
    }

    @Override
    public Query resolve(DynamicField field, QueryNode.Leaf clause) {
        String text = Clauses.describe(clause);
        return switch (field) {
            case DynamicField.BinaryJoin join -> joins.resolve(field, clause);
            case DynamicField.FeedAttribute attr ->
                throw new QuerySyntaxException("'" + text + "': the " + attr.describe()
                        + " is not searchable; search alliance_score_" + attr.feed() + " instead");
            case DynamicField.FeedScore score -> select(score.name(), scoreSpan(clause, text));
            case DynamicField.WatchlistTag tag -> select(tag.name(), dateSpan(clause, text));
        };
    }

    private Query select(String tag, long[] span) {
        if (span[0] > span[1]) return new MatchNoDocsQuery("empty range");
        List<String> keys = tags.keysWithin(scope, tag, span[0], span[1], MAX_TAGGED + 1);
        if (keys.size() > MAX_TAGGED) {
            throw new QuerySyntaxException(
                    "'" + tag + "' selects more than " + MAX_TAGGED + " documents; narrow it down");
        }
        return keys.isEmpty() ? new MatchNoDocsQuery("no document tagged " + tag) : keysToQuery.apply(keys);
    }

    private static long[] scoreSpan(QueryNode.Leaf clause, String text) {
        return switch (clause) {
            case QueryNode.Exists e -> new long[] {1, Long.MAX_VALUE};
            case QueryNode.Term t -> {
                long v = score(t.text(), text);
                yield new long[] {v, v};
            }
            case QueryNode.Phrase p -> {
                long v = score(p.text(), text);
                yield new long[] {v, v};
            }
            case QueryNode.Range r ->
                new long[] {
                    // Scores are -100..100; clamping first keeps the exclusive-bound step from overflowing.
                    r.lower()
                            .map(v -> clamp(score(v, text)) + (r.includeLower() ? 0 : 1))
                            .orElse(Long.MIN_VALUE),
                    r.upper()
                            .map(v -> clamp(score(v, text)) - (r.includeUpper() ? 0 : 1))
                            .orElse(Long.MAX_VALUE)
                };
        };
    }

    private long[] dateSpan(QueryNode.Leaf clause, String text) {
        return switch (clause) {
            case QueryNode.Exists e -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
            case QueryNode.Term t -> span(dates.asValue(t.text(), text));
            case QueryNode.Phrase p -> span(dates.asValue(p.text(), text));
            case QueryNode.Range r ->
                new long[] {
                    r.lower()
                            .map(v -> {
                                DateValues.Span s = dates.asBound(v, text);
                                return r.includeLower() ? s.first() : s.last() + 1;
                            })
                            .orElse(Long.MIN_VALUE),
                    r.upper()
                            .map(v -> {
                                DateValues.Span s = dates.asBound(v, text);
                                return r.includeUpper() ? s.last() : s.first() - 1;
                            })
                            .orElse(Long.MAX_VALUE)
                };
        };
    }

    private static long[] span(DateValues.Span s) {
        return new long[] {s.first(), s.last()};
    }

    private static long clamp(long score) {
        return Math.max(-1_000_000, Math.min(1_000_000, score));
    }

    private static long score(String value, String clause) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new QuerySyntaxException("'" + clause + "': a feed score is an integer from -100 to 100");
        }
    }
}
