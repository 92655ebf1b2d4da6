package io.lampblack.server.assembly;

import io.lampblack.server.api.Router;
import io.lampblack.server.api.StorageApi;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.search.PartitionMaintenance;
import io.lampblack.server.search.ProcessIndex;

/**
 * Time partitions of the process index: rolled by the server clock and retired by age or size, checked every
 * {@code --partition-check-seconds}, and managed through {@code /api/v1/storage}. Rolls go through the ingest
 * pipeline, which holds indexing still around them (exactly-once across a roll), hence after ingest.
 */
public final class PartitionAssembly implements RestRoutes {

    /** @param checkSeconds how often the roll and retention rules are checked */
    public record Settings(int checkSeconds) {
        public static Settings from(ServerSettings s) {
            return new Settings(s.get(ServerSettings.PARTITION_CHECK_SECONDS));
        }
    }

    private final ProcessIndex index;
    private final IngestAssembly ingest;
    private final PartitionMaintenance maintenance;

    public PartitionAssembly(ServerContext ctx, Settings settings, ProcessIndex index, IngestAssembly ingest) {
        this.index = index;
        this.ingest = ingest;
        maintenance = ctx.own(new PartitionMaintenance(index.storage(), ingest.pipeline()::rollPartition)
                .start(settings.checkSeconds()));
    }

    /** The periodic roll and retention check (tests run it on demand). */
    public PartitionMaintenance maintenance() {
        return maintenance;
    }

    @Override
    public void register(Router router) {
        new StorageApi(index.storage(), ingest.pipeline()::rollPartition).register(router);
    }
}
