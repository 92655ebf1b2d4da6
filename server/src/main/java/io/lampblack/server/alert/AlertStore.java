package io.lampblack.server.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.search.RecordPage;
import io.lampblack.server.search.SensorScope;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where alerts are kept, by role: each alert whole, as its API JSON, under its {@code unique_id}, searchable with the
 * query language over the alert fields (reference §5.11). Every write is durable and searchable when it returns.
 * {@code lucene.record.LuceneAlertStore} is the local implementation.
 */
public interface AlertStore extends AutoCloseable {

    /** Adds the alerts whose ids are not taken yet (the first of equal ids), in one commit; those added. */
    List<ObjectNode> putAllIfAbsent(List<ObjectNode> alerts);

    /** Adds or replaces alerts (by id). */
    void put(Collection<ObjectNode> alerts);

    Optional<ObjectNode> get(String uniqueId);

    /**
     * One page of the alerts matching the request's {@code q}, {@code cb.q.*} and {@code cb.fq.*}, sorted by
     * {@code sort}, with {@code facet}/{@code facet.field} counts.
     *
     * @throws io.lampblack.server.search.query.QuerySyntaxException a malformed query
     * @throws IllegalArgumentException                                 other bad parameters
     */
    RecordPage search(Map<String, List<String>> params);

    /** As {@link #search(Map)}, over the alerts of the sensors in scope only (totals and facets included). */
    RecordPage search(Map<String, List<String>> params, SensorScope sensors);

    /** Every alert a query-language string matches, in id order; at most {@code limit}. */
    List<ObjectNode> matching(String query, int limit);

    @Override
    void close();
}
