package io.lampblack.server.assembly;

import io.lampblack.server.api.InvestigationApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.investigation.Investigations;
import io.lampblack.server.store.JdbcInvestigationStore;

/**
 * Investigations and tagged events: kept in the metadata database; a tagged process must be in the index when it is
 * tagged, and its sensor's group decides who sees the tag.
 */
public final class InvestigationAssembly implements RestRoutes {

    private final InvestigationApi api;

    public InvestigationAssembly(ServerContext ctx, StoreAssembly store, SearchAssembly search) {
        Investigations investigations = new Investigations(new JdbcInvestigationStore(store.database()), ctx.clock());
        api = new InvestigationApi(
                investigations,
                guid -> !search.index().segments(guid.toString()).isEmpty(),
                search.scope());
    }

    @Override
    public void register(Router router) {
        api.register(router);
    }
}
