package io.lampblack.server.assembly;

import io.lampblack.server.alert.Alerts;
import io.lampblack.server.api.AlertApi;
import io.lampblack.server.api.BanningApi;
import io.lampblack.server.api.CallerScope;
import io.lampblack.server.api.Router;
import io.lampblack.server.ban.Bans;
import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.lucene.record.LuceneAlertStore;
import io.lampblack.server.store.JdbcBanStore;

/**
 * Alerts (raised by feed and watchlist hits, triaged through {@code /api/v2/alert}) and bans (hashes sensors block;
 * their block counts come from the ingest route).
 */
public final class AlertAssembly implements RestRoutes {

    private final Alerts alerts;
    private final Bans bans;
    private final CallerScope scope;

    public AlertAssembly(
            ServerContext ctx, StoreAssembly store, BusPublisher bus, FeedAssembly feeds, SensorAssembly sensors) {
        alerts = ctx.own(new Alerts(
                new LuceneAlertStore(ctx.dir("index", "alerts"), ctx.clock()),
                bus,
                feeds.reportIgnorer(),
                sensors.criticality(),
                ctx.clock()));
        scope = new CallerScope(sensors.registry());
        bans = ctx.own(new Bans(new JdbcBanStore(store.database()), ctx.clock()));
    }

    public Alerts alerts() {
        return alerts;
    }

    /** The ban list handed to sensors at check-in; a hook on the ingest route counting their blocks. */
    public Bans bans() {
        return bans;
    }

    @Override
    public void register(Router router) {
        new AlertApi(alerts, scope).register(router);
        new BanningApi(bans).register(router);
    }
}
