package io.lampblack.server.assembly;

import io.lampblack.server.administration.DiskUsage;
import io.lampblack.server.administration.Licensing;
import io.lampblack.server.administration.PlatformServer;
import io.lampblack.server.administration.ServerNode;
import io.lampblack.server.api.AdministrationApi;
import io.lampblack.server.api.DashboardApi;
import io.lampblack.server.api.IngestRateApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.ingest.IngestRateSampler;
import io.lampblack.server.store.JdbcSettingStore;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * Server-wide administration routes: license, cluster listing, login capabilities, platform-server settings (kept
 * in the metadata database) and the dashboard's statistics, measured from the data directory, the event partitions,
 * the sensor registry and the alert index, and the ingest rate, from readings of the ingest pipeline's counter taken
 * once the journal replay is over.
 */
public final class AdministrationAssembly implements RestRoutes {

    /**
     * @param bind            the HTTPS listening address ({@code --bind})
     * @param publicUrl       the URL clients use ({@code --public-url}), empty when not set
     */
    public record Settings(String bind, String publicUrl) {
        public static Settings from(ServerSettings s) {
            return new Settings(s.get(ServerSettings.BIND), s.get(ServerSettings.PUBLIC_URL));
        }
    }

    private final AdministrationApi administration;
    private final DashboardApi dashboard;
    private final IngestRateApi ingestRate;

    public AdministrationAssembly(
            ServerContext ctx,
            Settings settings,
            StoreAssembly store,
            SensorAssembly sensors,
            SearchAssembly search,
            AlertAssembly alerts,
            IngestAssembly ingest) {
        JdbcSettingStore stored = new JdbcSettingStore(store.database());
        administration = new AdministrationApi(
                new Licensing(stored, ctx.clock()),
                new PlatformServer(stored),
                new ServerNode(stored, localHostname(), address(settings)),
                () -> sensors.registry().sensors().size());
        dashboard = new DashboardApi(
                new DiskUsage(ctx.dataDir()),
                search.index().storage(),
                () -> sensors.registry().sensors(),
                (q, visible) -> alerts.alerts()
                        .search(Map.of("q", List.of(q), "rows", List.of("0")), visible)
                        .total(),
                sensors.control()::status,
                search.scope());
        ingestRate = new IngestRateApi(ctx.own(IngestRateSampler.started(
                ingest.pipeline()::eventsIndexed, ingest.pipeline()::replaying, ctx.clock())));
    }

    @Override
    public void register(Router router) {
        administration.register(router);
        dashboard.register(router);
        ingestRate.register(router);
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The host of the public URL when one is set, else the listening address (this host's for a wildcard). */
    private static String address(Settings s) {
        if (!s.publicUrl().isBlank()) {
            String host = URI.create(s.publicUrl()).getHost();
            if (host != null) return host;
        }
        if (!s.bind().equals("0.0.0.0") && !s.bind().equals("::")) return s.bind();
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
