package io.lampblack.server.lucene.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.alert.AlertStore;
import io.lampblack.server.search.RecordPage;
import io.lampblack.server.search.SensorScope;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.document.LongPoint;

/** Alerts in a {@link RecordIndex} of their own, indexed by {@link AlertSchema}. */
public final class LuceneAlertStore implements AlertStore {

    private final RecordIndex index;

    /** @param clock "now" for relative times in queries ({@code created_time:-24h}) and facet windows */
    public LuceneAlertStore(Path dir, Clock clock) {
        this.index = new RecordIndex(dir, AlertSchema.INSTANCE, clock);
    }

    @Override
    public List<ObjectNode> putAllIfAbsent(List<ObjectNode> alerts) {
        return index.putAllIfAbsent(alerts);
    }

    @Override
    public void put(Collection<ObjectNode> alerts) {
        index.put(alerts);
    }

    @Override
    public Optional<ObjectNode> get(String uniqueId) {
        return index.get(uniqueId);
    }

    @Override
    public RecordPage search(Map<String, List<String>> params) {
        return index.search(params);
    }

    @Override
    public RecordPage search(Map<String, List<String>> params, SensorScope sensors) {
        // Alerts of no sensor (sensor_id 0: binary hits) are in no scope but EVERY.
        return index.search(
                params,
                sensors.sensorIds()
                        .map(ids -> LongPoint.newSetQuery(
                                "sensor_id",
                                ids.stream().mapToLong(Integer::longValue).toArray()))
                        .orElse(null));
    }

    @Override
    public List<ObjectNode> matching(String query, int limit) {
        return index.matching(query, limit);
    }

    @Override
    public void close() {
        index.close();
    }
}
