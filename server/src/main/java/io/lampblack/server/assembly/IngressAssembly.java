package io.lampblack.server.assembly;

import io.lampblack.server.api.IngressFilterApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.ingress.IngressFilters;
import io.lampblack.server.ingress.IngressGate;
import io.lampblack.server.sensor.CollectionSettings;
import io.lampblack.server.store.JdbcIngressFilterStore;

/**
 * Ingress filters: kept in the database, applied at intake before an upload is journaled (with the groups'
 * collection settings), handed to sensors at check-in, and their hits made durable with each index commit.
 */
public final class IngressAssembly implements RestRoutes {

    private final IngressFilters filters;
    private final IngressGate gate;

    /** @param collection which event kinds each sensor's group collects ({@link CollectionSettings#EVERYTHING}: all) */
    public IngressAssembly(
            ServerContext ctx, StoreAssembly store, SensorAssembly sensors, CollectionSettings collection) {
        filters = new IngressFilters(new JdbcIngressFilterStore(store.database()), ctx.clock());
        gate = filters.gate(collection, sensors.registry());
    }

    /** The filters, for check-ins, meters and the ingest route's commit hook. */
    public IngressFilters filters() {
        return filters;
    }

    /** The intake step that drops filtered and uncollected events before the journal. */
    public IngressGate gate() {
        return gate;
    }

    /** {@code /api/v1/ingress_whitelist}. */
    @Override
    public void register(Router router) {
        new IngressFilterApi(filters).register(router);
    }
}
