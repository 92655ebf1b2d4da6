package io.lampblack.server;

import io.lampblack.server.assembly.AccessAssembly;
import io.lampblack.server.assembly.AdministrationAssembly;
import io.lampblack.server.assembly.AlertAssembly;
import io.lampblack.server.assembly.ApiAssembly;
import io.lampblack.server.assembly.BackupAssembly;
import io.lampblack.server.assembly.BinaryAssembly;
import io.lampblack.server.assembly.BusAssembly;
import io.lampblack.server.assembly.FeedAssembly;
import io.lampblack.server.assembly.HealthRoutes;
import io.lampblack.server.assembly.IngestAssembly;
import io.lampblack.server.assembly.IngressAssembly;
import io.lampblack.server.assembly.InstallerAssembly;
import io.lampblack.server.assembly.IntelAssembly;
import io.lampblack.server.assembly.IntelDetailsAssembly;
import io.lampblack.server.assembly.InvestigationAssembly;
import io.lampblack.server.assembly.Lifecycle;
import io.lampblack.server.assembly.LiveResponseAssembly;
import io.lampblack.server.assembly.PartitionAssembly;
import io.lampblack.server.assembly.ProcessReportAssembly;
import io.lampblack.server.assembly.SearchAssembly;
import io.lampblack.server.assembly.SensorAssembly;
import io.lampblack.server.assembly.ServerContext;
import io.lampblack.server.assembly.ServerInfo;
import io.lampblack.server.assembly.StartupPhases;
import io.lampblack.server.assembly.StoreAssembly;
import io.lampblack.server.assembly.WatchlistRunAssembly;
import io.lampblack.server.auth.GroupNames;
import io.lampblack.server.config.OwnerOnlyTree;
import io.lampblack.server.config.ProcessUmask;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.config.Setting;
import io.lampblack.server.group.GroupConfig;
import io.lampblack.server.ingest.IngestRoute;
import io.lampblack.server.metrics.ServerMeters;
import io.lampblack.server.sensor.SensorGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server, composed feature by feature in flow order: what a feature uses is assembled before it (and closed
 * after it). Each feature's wiring, settings and routes are in its own class in {@code assembly}; the route of an
 * upload through the features' hooks is laid out here and explained in {@link IngestRoute}.
 */
public final class LampblackServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LampblackServer.class);

    private final Lifecycle lifecycle = new Lifecycle();
    private final Path dataDir;
    private final Optional<String> adminToken;
    private final SensorAssembly sensors;
    private final AccessAssembly access;
    private final LiveResponseAssembly liveResponse;
    private final StoreAssembly store;
    private final BusAssembly bus;
    private final BinaryAssembly binaries;
    private final SearchAssembly search;
    private final FeedAssembly feeds;
    private final AlertAssembly alerts;
    private final IntelAssembly intel;
    private final IngressAssembly ingress;
    private final IngestAssembly ingest;
    private final PartitionAssembly partitions;
    private final WatchlistRunAssembly watchlists;
    private final BackupAssembly backups;
    private final ApiAssembly api;

    private LampblackServer(ServerSettings s, Clock clock) throws Exception {
        dataDir = s.dataDir();
        // Settings that can still be refused are read before anything starts (nothing to close when they are).
        ApiAssembly.Settings apiSettings = ApiAssembly.Settings.from(s);
        FeedAssembly.Settings feedSettings = FeedAssembly.Settings.from(s);
        SensorAssembly.Settings sensorSettings = SensorAssembly.Settings.from(s);
        IngressAssembly.Settings ingressSettings = IngressAssembly.Settings.from(s);
        LiveResponseAssembly.Settings liveResponseSettings = LiveResponseAssembly.Settings.from(s);
        for (Setting<?> secret : s.secretsOnCommandLine()) {
            LOG.warn(
                    "--{} is on the command line, where every local user can read it (ps); give it as --{} PATH or"
                            + " in ${} instead",
                    secret.key(),
                    secret.fileKey(),
                    secret.environmentVariable());
        }
        ownerOnlyDataDir(dataDir);
        ServerContext ctx = new ServerContext(dataDir, clock, lifecycle);
        try {
            StartupPhases phases = new StartupPhases();
            BusAssembly.Starting broker = BusAssembly.begin(ctx, BusAssembly.Settings.from(s), phases);
            store = new StoreAssembly(ctx, StoreAssembly.Settings.from(s));
            phases.done("database");
            sensors = new SensorAssembly(ctx, sensorSettings, store);
            access = new AccessAssembly(ctx, AccessAssembly.Settings.from(s), store, groupNames(sensors));
            adminToken = access.createdAdminToken().or(() -> ServerInfo.previousToken(dataDir));
            Optional<String> adminPassword =
                    access.createdAdminPassword().or(() -> ServerInfo.previousPassword(dataDir));
            // This start created the admin (or gave an earlier version's admin its first password): written now, in
            // case the rest of the start fails.
            if (access.createdAdminPassword().isPresent())
                ServerInfo.writeCreated(
                        dataDir,
                        apiSettings.knownUrl(),
                        adminToken,
                        adminPassword,
                        sensors.registrationToken().current());
            liveResponse = new LiveResponseAssembly(ctx, liveResponseSettings, sensors, access);
            bus = new BusAssembly(ctx, broker, store.tags());
            phases.done("bus (waiting for the broker)");
            binaries = new BinaryAssembly(ctx, BinaryAssembly.Settings.from(s), bus, store.tags(), sensors.registry());
            phases.done("binaries");
            search = new SearchAssembly(
                    ctx, SearchAssembly.Settings.from(s), binaries, store.tags(), sensors.registry());
            phases.done("search index");
            // Feeds may not be fetched from the server's own ports; the HTTPS one is known once it listens (below).
            Set<Integer> ownPorts = ConcurrentHashMap.newKeySet();
            bus.broker().ifPresent(b -> ownPorts.add(b.port()));
            feeds = new FeedAssembly(ctx, feedSettings, store, bus.publisher(), ownPorts::contains);
            alerts = new AlertAssembly(ctx, store, bus.publisher(), feeds, sensors);
            intel = new IntelAssembly(
                    ctx, IntelAssembly.Settings.from(s), store, access, bus, binaries, search, feeds, alerts);
            phases.done("feeds, alerts, intel");
            ingress = new IngressAssembly(ctx, ingressSettings, store, sensors, sensors.collectionSettings());
            IngestRoute route = IngestRoute.builder()
                    .received(intel.ingressHits())
                    .journaled(bus.rawExport())
                    .journaled(ingress.redis())
                    .journaled(alerts.bans())
                    .indexed(binaries.catalog())
                    .indexed(intel.watchlistStream())
                    .durable(binaries.catalog())
                    .durable(ingress.filters())
                    .build();
            ingest = new IngestAssembly(
                    ctx,
                    IngestAssembly.Settings.from(s),
                    sensors,
                    search.index(),
                    route,
                    binaries,
                    alerts,
                    ingress,
                    liveResponse.hints());
            phases.done("ingest (journal opened, replay started)");
            partitions = new PartitionAssembly(ctx, PartitionAssembly.Settings.from(s), search.index(), ingest);
            watchlists = new WatchlistRunAssembly(
                    ctx, WatchlistRunAssembly.Settings.from(s), intel, feeds, search, binaries, ingest);
            backups = new BackupAssembly(ctx, store, ingest);
            phases.done("partitions, watchlists, backup");
            ServerMeters meters = new ServerMeters()
                    .ingest(ingest.pipeline(), route)
                    .bus(bus.publisher())
                    .ingress(ingress.filters(), ingress.gate())
                    .redis(ingress.redis())
                    .audit(access.audit())
                    .liveResponse(liveResponse.liveResponse());
            InstallerAssembly installers = new InstallerAssembly(
                    ctx, InstallerAssembly.Settings.from(s), sensors.groups().groups());
            api = new ApiAssembly(
                    ctx,
                    apiSettings,
                    access,
                    meters,
                    installers::linuxInstallerAvailable,
                    List.of(
                            access,
                            sensors,
                            sensors.groups().routes(access.teamAccess(), ingress.filters()::namingGroup),
                            installers,
                            binaries,
                            search,
                            feeds,
                            alerts,
                            intel,
                            ingest,
                            ingress,
                            partitions,
                            backups,
                            liveResponse,
                            new InvestigationAssembly(ctx, store, search),
                            new IntelDetailsAssembly(feeds, alerts, binaries, search),
                            new ProcessReportAssembly(search),
                            new AdministrationAssembly(
                                    ctx,
                                    AdministrationAssembly.Settings.from(s),
                                    store,
                                    sensors,
                                    search,
                                    alerts,
                                    ingest),
                            new HealthRoutes(ctx, store, bus, search, ingest)));
            // Closed first: the sensors' held polls end before the HTTPS server stops (it would wait for them).
            AutoCloseable endPolls = liveResponse.liveResponse()::endPolls;
            ctx.own(endPolls);
            ownPorts.add(api.port());
            phases.done("https (TLS, routes, Jetty)");
            ServerInfo.write(
                    dataDir,
                    api.url(),
                    adminToken,
                    adminPassword,
                    sensors.registrationToken().current(),
                    bus.url());
            phases.serving();
        } catch (Exception | Error e) {
            lifecycle.close();
            throw e;
        }
    }

    /** The sensor groups' names, as teams and console sessions name them. */
    private static GroupNames groupNames(SensorAssembly sensors) {
        return new GroupNames() {
            @Override
            public Optional<String> name(int groupId) {
                return sensors.registry().group(groupId).map(SensorGroup::name);
            }

            @Override
            public SortedMap<Integer, String> all() {
                SortedMap<Integer, String> names = new TreeMap<>();
                for (GroupConfig g : sensors.groups().groups().all()) names.put(g.id(), g.name());
                return names;
            }
        };
    }

    /**
     * The data directory and everything in it owner-only (issue 12 item 8): the process's umask gains 077 before
     * anything is created, so every file the server and its libraries create is 0600 and every directory 0700, and a
     * walk closes what an earlier start, a copy or a restore left open.
     */
    private static void ownerOnlyDataDir(Path dataDir) throws IOException {
        if (ProcessUmask.restrictToOwner().isEmpty()) {
            LOG.info("cannot set the process umask here; new files under {} are protected by its permissions", dataDir);
        }
        OwnerOnlyTree.Result r = OwnerOnlyTree.secure(dataDir);
        if (r.topWasOpen()) {
            LOG.warn("data directory {} was open to other users; made it owner-only (0700)", dataDir);
        }
        if (r.fixed() > 0) {
            LOG.warn(
                    "{} files and directories under {} were readable by other users; made them owner-only",
                    r.fixed(),
                    dataDir);
        }
        if (!r.posix()) {
            LOG.warn("{} has no POSIX permissions; keep it where only this server's user can read it", dataDir);
        }
    }

    public static LampblackServer start(ServerSettings settings) throws Exception {
        return new LampblackServer(settings, Clock.systemUTC());
    }

    public static LampblackServer start(ServerSettings settings, Clock clock) throws Exception {
        return new LampblackServer(settings, clock);
    }

    /** The URL clients use. */
    public String url() {
        return api.url();
    }

    public int port() {
        return api.port();
    }

    /** The admin API token: known when this start created it, or from an earlier server-info.json. */
    public Optional<String> adminToken() {
        return adminToken;
    }

    /** The admin API token, when this start created it (the one time it may be shown). */
    public Optional<String> createdAdminToken() {
        return access.createdAdminToken();
    }

    /** The admin's first password (the console's first login), when this start created the admin. */
    public Optional<String> createdAdminPassword() {
        return access.createdAdminPassword();
    }

    /** The token sensors present to register now; empty when registration is open. */
    public Optional<String> registrationToken() {
        return sensors.registrationToken().current();
    }

    /** The registration token, when this start generated it (the one time it may be shown). */
    public Optional<String> createdRegistrationToken() {
        return sensors.createdRegistrationToken();
    }

    /** The AMQP URL consumers use: the embedded broker's or {@code --bus}. */
    public String busUrl() {
        return bus.url();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path serverInfoFile() {
        return ServerInfo.file(dataDir);
    }

    // The features, for tests, benchmarks and the launcher; each exposes only what others use.

    public StoreAssembly store() {
        return store;
    }

    public AccessAssembly access() {
        return access;
    }

    public LiveResponseAssembly liveResponse() {
        return liveResponse;
    }

    public SensorAssembly sensors() {
        return sensors;
    }

    public BusAssembly bus() {
        return bus;
    }

    public BinaryAssembly binaries() {
        return binaries;
    }

    public SearchAssembly search() {
        return search;
    }

    public FeedAssembly feeds() {
        return feeds;
    }

    public AlertAssembly alerts() {
        return alerts;
    }

    public IntelAssembly intel() {
        return intel;
    }

    public IngressAssembly ingress() {
        return ingress;
    }

    public IngestAssembly ingest() {
        return ingest;
    }

    public PartitionAssembly partitions() {
        return partitions;
    }

    public WatchlistRunAssembly watchlists() {
        return watchlists;
    }

    public BackupAssembly backups() {
        return backups;
    }

    @Override
    public void close() {
        lifecycle.close();
    }
}
