package io.lampblack.server.lucene.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.intel.ReportStore;
import io.lampblack.server.search.RecordPage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Threat reports in a {@link RecordIndex} of their own, indexed by {@link ReportSchema}. */
public final class LuceneReportStore implements ReportStore {

    private final RecordIndex index;

    /** @param clock "now" for relative times in queries ({@code timestamp:-24h}) and facet windows */
    public LuceneReportStore(Path dir, Clock clock) {
        this.index = new RecordIndex(dir, ReportSchema.INSTANCE, clock);
    }

    @Override
    public void put(Collection<ObjectNode> reports) {
        index.put(reports);
    }

    @Override
    public Optional<ObjectNode> get(String key) {
        return index.get(key);
    }

    @Override
    public void deleteMatching(String query) {
        index.deleteMatching(query);
    }

    @Override
    public RecordPage search(Map<String, List<String>> params) {
        return index.search(params);
    }

    @Override
    public void close() {
        index.close();
    }
}
