package io.lampblack.server.assembly;

import io.lampblack.server.api.HealthApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.bus.AmqpBusPublisher;
import io.lampblack.server.bus.BusPublisher;
import java.util.List;

/**
 * {@code GET /api/health} over the parts an upload and a search need: the journal takes uploads, the process index
 * takes and serves segments, the database answers, the bus publisher is connected (when there is a bus).
 */
public final class HealthRoutes implements RestRoutes {

    private final HealthApi api;

    /** @param ctx closes the health probes with the server (a probe still hung on a part is interrupted) */
    public HealthRoutes(
            ServerContext ctx, StoreAssembly store, BusAssembly bus, SearchAssembly search, IngestAssembly ingest) {
        BusPublisher publisher = bus.publisher();
        this.api = ctx.own(new HealthApi(List.of(
                // A failed replay or a stopped indexer refuses uploads (journal.fail); fatalError covers a failed
                // commit too.
                new HealthApi.Check(
                        "journal",
                        () -> ingest.journal().healthy()
                                && ingest.pipeline().fatalError().isEmpty()),
                new HealthApi.Check("index", () -> search.index().healthy()),
                new HealthApi.Check("database", () -> store.database().healthy(1)),
                new HealthApi.Check("bus", () -> !(publisher instanceof AmqpBusPublisher amqp) || amqp.connected()))));
    }

    @Override
    public void register(Router router) {
        api.register(router);
    }
}
