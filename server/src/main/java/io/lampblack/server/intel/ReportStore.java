package io.lampblack.server.intel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.search.RecordPage;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where threat reports are kept, by role: each report whole, as its API JSON, under
 * {@link FeedStore#reportKey(long, String)}, searchable with the query language over the report fields (reference
 * §5.10). Every write is durable and searchable when it returns. {@code lucene.record.LuceneReportStore} is the
 * local implementation.
 */
public interface ReportStore extends AutoCloseable {

    /** Adds or replaces reports (by key). */
    void put(Collection<ObjectNode> reports);

    /** The report under a key ({@link FeedStore#reportKey(long, String)}). */
    Optional<ObjectNode> get(String key);

    /** Deletes every report a query-language string matches. */
    void deleteMatching(String query);

    /**
     * One page of the reports matching the request's {@code q}, {@code cb.q.*} and {@code cb.fq.*}, sorted by
     * {@code sort}, with {@code facet}/{@code facet.field} counts.
     *
     * @throws io.lampblack.server.search.query.QuerySyntaxException a malformed query
     * @throws IllegalArgumentException                                 other bad parameters
     */
    RecordPage search(Map<String, List<String>> params);

    @Override
    void close();
}
