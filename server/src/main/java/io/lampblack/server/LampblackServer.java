package io.lampblack.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.api.BinaryApi;
import io.lampblack.server.api.HttpsServer;
import io.lampblack.server.api.FeedApi;
import io.lampblack.server.api.InfoApi;
import io.lampblack.server.api.MetricsApi;
import io.lampblack.server.api.ProcessApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.api.SensorProtocolApi;
import io.lampblack.server.api.StorageApi;
import io.lampblack.server.api.TlsMaterial;
import io.lampblack.server.auth.ApiTokens;
import io.lampblack.server.auth.Authorizer;
import io.lampblack.server.binary.BinaryCatalog;
import io.lampblack.server.bus.broker.EmbeddedBroker;
import io.lampblack.server.binary.BinaryJson;
import io.lampblack.server.binary.BinaryRecord;
import io.lampblack.server.binary.BinaryJoinResolver;
import io.lampblack.server.binary.BinarySearch;
import io.lampblack.server.binary.BinaryStore;
import io.lampblack.server.binary.FileBinaryStore;
import io.lampblack.server.binary.LuceneBinaryIndex;
import io.lampblack.server.bus.Bus;
import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.alert.AlertSeverity;
import io.lampblack.server.alert.Alerts;
import io.lampblack.server.api.AlertApi;
import io.lampblack.server.ingest.CompositeUploadListener;
import io.lampblack.server.intel.IgnoredReports;
import io.lampblack.server.intel.IngressHits;
import io.lampblack.server.intel.ThreatReports;
import io.lampblack.server.intel.WatchlistRunner;
import io.lampblack.server.intel.FeedQueryHits;
import io.lampblack.server.intel.ActionDispatcher;
import io.lampblack.server.ban.Bans;
import io.lampblack.server.api.BanningApi;
import io.lampblack.server.store.JdbcBanStore;
import io.lampblack.server.intel.WatchlistHits;
import io.lampblack.server.intel.WatchlistStream;
import io.lampblack.server.search.SegmentBatchMatcher;
import io.lampblack.server.api.WatchlistApi;
import io.lampblack.server.store.JdbcWatchlistStore;
import io.lampblack.server.api.ThreatReportApi;
import io.lampblack.server.intel.FeedFetcher;
import io.lampblack.server.intel.FeedSync;
import io.lampblack.server.intel.IngressMatcher;
import io.lampblack.server.intel.MailSender;
import io.lampblack.server.metrics.ServerMeters;
import io.lampblack.server.ingest.IngestPipeline;
import io.lampblack.server.ingest.Journal;
import io.lampblack.server.ingest.UploadIntake;
import io.lampblack.server.ingest.UploadRegistry;
import io.lampblack.server.process.ProcessMetadataCache;
import io.lampblack.server.process.SegmentAssembler;
import io.lampblack.server.search.LuceneProcessIndex;
import io.lampblack.server.search.ProcessIndex;
import io.lampblack.server.search.ProcessSearch;
import io.lampblack.server.search.partition.PartitionMaintenance;
import io.lampblack.server.search.partition.PartitionPolicy;
import io.lampblack.server.search.partition.RollStep;
import io.lampblack.server.search.query.DynamicFieldResolver;
import io.lampblack.server.sensor.SensorRegistry;
import io.lampblack.server.store.Database;
import io.lampblack.server.store.JdbcAuditLog;
import io.lampblack.server.store.JdbcFeedStore;
import io.lampblack.server.store.JdbcTagStore;
import io.lampblack.server.tag.TagStore;
import io.lampblack.server.search.query.TagFieldResolver;
import io.lampblack.server.store.JdbcSensorStore;
import io.lampblack.server.store.JdbcUserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Wires the server together in flow order (sensor intake → journal → pipeline → index → REST) and owns its
 * lifecycle. Everything runs embedded by default; the database and the message bus can be external instead.
 */
public final class LampblackServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LampblackServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String ADMIN_USER = "admin";

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final ServerSettings settings;
    private final Path dataDir;
    private final Database db;
    private final SensorRegistry sensors;
    private final ProcessIndex index;
    private final BinaryCatalog binaries;
    private final Journal journal;
    private final IngestPipeline pipeline;
    private final ProcessSearch search;
    private final HttpsServer http;
    private final String url;
    private final Optional<String> adminToken;
    private final JdbcAuditLog audit;
    private final PartitionMaintenance partitionMaintenance;
    private final TagStore tags;
    private final Optional<EmbeddedBroker> broker;
    private final String busUrl;
    private final Bus bus;
    private final FeedSync feedSync;
    private final Alerts alerts;
    private final WatchlistRunner watchlists;
    private final Bans bans;
    private final WatchlistStream watchlistStream;
    private final ThreatReports threatReports;
    private final IngressHits ingressHits;

    private LampblackServer(ServerSettings settings, Clock clock) throws Exception {
        this.settings = settings;
        this.dataDir = settings.dataDir();
        Files.createDirectories(dataDir);
        try {
            db = Database.open(settings.get(ServerSettings.DB), settings.get(ServerSettings.DB_SCHEMA),
                    settings.get(ServerSettings.DB_USER), settings.get(ServerSettings.DB_PASSWORD), dataDir);
            closeables.push(db);
            sensors = new SensorRegistry(new JdbcSensorStore(db), clock);
            JdbcUserStore users = new JdbcUserStore(db);
            ApiTokens tokens = new ApiTokens(users, clock);
            Optional<String> created = tokens.bootstrapAdmin(ADMIN_USER);
            adminToken = created.isPresent() ? created : previousToken();
            audit = new JdbcAuditLog(db);

            tags = new JdbcTagStore(db, clock);
            // The bus before the pipeline, so that it is there for the first publish and closes after the last.
            String externalBus = settings.get(ServerSettings.BUS);
            if (externalBus.isEmpty()) {
                EmbeddedBroker b = EmbeddedBroker.start(dataDir.resolve("bus"), settings.get(ServerSettings.BUS_BIND),
                        settings.get(ServerSettings.BUS_PORT), settings.get(ServerSettings.BUS_USERS));
                closeables.push(b);
                broker = Optional.of(b);
                busUrl = b.url();
            } else {
                broker = Optional.empty();
                busUrl = externalBus;
            }
            // Publishing goes to the external broker when --bus names one, else to the embedded broker.
            bus = Bus.open(settings, broker.map(EmbeddedBroker::url), tags);
            closeables.push(bus);
            // The binary catalog first: process queries join on it, and it must close after the pipeline, whose
            // last commit makes the catalog durable.
            LuceneBinaryIndex binaryIndex = new LuceneBinaryIndex(dataDir.resolve("index").resolve("binaries"));
            closeables.push(binaryIndex);
            binaries = new BinaryCatalog(binaryIndex, bus.binaryObservations(),
                    settings.get(ServerSettings.BINARY_SEEN_CACHE), settings.get(ServerSettings.BINARY_FLUSH_MS));
            closeables.push(binaries);
            BinarySearch binarySearch = new BinarySearch(binaryIndex, clock, settings.get(ServerSettings.LEADING_WILDCARDS),
                    new TagFieldResolver(tags, TagStore.Scope.BINARY, clock, BinarySearch::documentsOf,
                            DynamicFieldResolver.unsupported()));
            // Process queries: binary-join clauses go to the binary index, tag clauses to the tag store.
            DynamicFieldResolver processTags = new TagFieldResolver(tags, TagStore.Scope.PROCESS, clock,
                    LuceneProcessIndex::taggedDocuments, DynamicFieldResolver.unsupported());
            DynamicFieldResolver processDynamic = new BinaryJoinResolver(binarySearch,
                    settings.get(ServerSettings.BINARY_JOIN_LIMIT), processTags);
            PartitionPolicy partitionPolicy = new PartitionPolicy(settings.get(ServerSettings.PARTITION_DAYS),
                    settings.get(ServerSettings.PARTITION_RETENTION_DAYS), settings.get(ServerSettings.PARTITION_RETENTION_SIZE));
            LuceneProcessIndex luceneIndex = new LuceneProcessIndex(dataDir.resolve("index"), settings.get(ServerSettings.INDEX_RAM_MB),
                    settings.get(ServerSettings.REFRESH_MS), clock, settings.get(ServerSettings.LEADING_WILDCARDS),
                    processDynamic, partitionPolicy, RollStep.Observer.NONE);
            index = luceneIndex;
            closeables.push(index);
            SegmentAssembler assembler = new SegmentAssembler(
                    new ProcessMetadataCache(settings.get(ServerSettings.METADATA_CACHE)), index);
            journal = Journal.open(dataDir.resolve("journal"), settings.get(ServerSettings.JOURNAL_FILE_SIZE), clock);
            journal.receiptTimesAfter(index.maxServerTime());
            UploadRegistry uploads = new UploadRegistry(dataDir.resolve("uploads.seen"));
            // Threat intelligence before the pipeline: arriving uploads are matched against the feeds.
            alerts = new Alerts(dataDir.resolve("index").resolve("alerts"), bus.publisher(), clock);
            closeables.push(alerts);
            JdbcFeedStore feedStore = new JdbcFeedStore(db);
            IgnoredReports ignoredReports = new IgnoredReports(feedStore);
            IngressMatcher matcher = new IngressMatcher();
            JdbcWatchlistStore watchlistStore = new JdbcWatchlistStore(db);
            ActionDispatcher actions = new ActionDispatcher(watchlistStore, settings.get(ServerSettings.SYSLOG_TARGET),
                    MailSender.configure(settings.get(ServerSettings.SMTP_SERVER), settings.get(ServerSettings.SMTP_FROM),
                            users::emailOf),
                    java.time.Duration.ofSeconds(2));
            closeables.push(actions);
            BinaryCatalog catalog = binaries;
            ingressHits = new IngressHits(matcher, feedStore::find, md5 -> {
                        catalog.flush(); // the upload's observations, written and searchable
                        return binaryIndex.find(md5).map(BinaryJson::document);
                    }, ignoredReports, bus.publisher(), tags, alerts,
                    actions, settings.get(ServerSettings.FEED_HIT_LEGACY_KEYS), clock);
            closeables.push(ingressHits);
            threatReports = new ThreatReports(dataDir.resolve("index").resolve("reports"), ignoredReports, clock);
            closeables.push(threatReports);
            alerts.ignoreReportsWith((feedId, reportId) -> threatReports.setIgnored(feedId, reportId, true));
            // Severity weighs the sensor's group criticality (sensor_group.alert_criticality, 1..5).
            alerts.criticalityOf(sensorId -> sensors.sensor(sensorId).flatMap(s -> sensors.group(s.groupId()))
                    .map(g -> (double) g.alertCriticality()).orElse(AlertSeverity.DEFAULT_CRITICALITY));
            bans = new Bans(new JdbcBanStore(db), clock);
            closeables.push(bans);
            WatchlistHits watchlistHits = new WatchlistHits(watchlistStore, tags, alerts, bus.publisher(), actions, clock);
            watchlistStream = new WatchlistStream(watchlistStore, new SegmentBatchMatcher(luceneIndex), watchlistHits,
                    settings.get(ServerSettings.WATCHLIST_STREAM_QUEUE), clock);
            closeables.push(watchlistStream);
            pipeline = new IngestPipeline(journal, index, assembler, sensors, uploads, dataDir.resolve("deadletter"),
                    settings.get(ServerSettings.INDEX_THREADS), settings.get(ServerSettings.PIPELINE_QUEUE),
                    settings.get(ServerSettings.COMMIT_MS),
                    CompositeUploadListener.of(List.of(binaries, bus.uploadListener(), ingressHits, watchlistStream,
                            bans)));
            closeables.push(pipeline);
            closeables.push(journal);
            pipeline.start();
            // Rolls go through the pipeline, which holds indexing still around them (exactly-once across a roll).
            partitionMaintenance = new PartitionMaintenance(index.storage(), pipeline::rollPartition)
                    .start(settings.get(ServerSettings.PARTITION_CHECK_SECONDS));
            closeables.push(partitionMaintenance);
            UploadIntake intake = new UploadIntake(journal, uploads, settings.get(ServerSettings.MAX_UPLOAD_DECOMPRESSED))
                    .onReceived((sensorId, log) -> ingressHits.received(sensorId, log, pipeline::context));

            Router router = new Router(tokens, new Authorizer(), audit, clock);
            new InfoApi().register(router);
            ServerMeters meters = new ServerMeters().ingest(pipeline).bus(bus.publisher());
            closeables.push(meters);
            new MetricsApi(meters.registry()).register(router);
            feedSync = new FeedSync(feedStore, new FeedFetcher(), matcher, threatReports, dataDir.resolve("feeds"),
                    bus.publisher(), clock);
            closeables.push(feedSync);
            feedSync.loadAll();
            feedSync.every(java.time.Duration.ofSeconds(settings.get(ServerSettings.FEED_SYNC_SECONDS)));
            new FeedApi(feedStore, feedSync, clock).register(router);
            new AlertApi(alerts).register(router);
            new ThreatReportApi(threatReports).register(router);
            new StorageApi(index.storage(), pipeline::rollPartition).register(router);
            search = new ProcessSearch(index);
            new ProcessApi(search, index, tags, md5 -> binaryIndex.find(md5).filter(BinaryRecord::hasModuleInfo)
                    .map(BinaryJson::document)).register(router);
            new WatchlistApi(watchlistStore, feedStore, search, binarySearch, clock, watchlistStream::changed).register(router);
            watchlists = new WatchlistRunner(watchlistStore, search, binarySearch, watchlistHits,
                    () -> pipeline.awaitIndexed(60_000), clock)
                    .withFeedQueries(matcher, feedStore::find, ignoredReports, new FeedQueryHits(tags, alerts,
                            bus.publisher(), actions, settings.get(ServerSettings.FEED_HIT_LEGACY_KEYS), clock))
                    .coveredBy(watchlistStream)
                    .every(java.time.Duration.ofSeconds(settings.get(ServerSettings.WATCHLIST_SECONDS)));
            closeables.push(watchlists);
            BinaryStore binaryStore = new FileBinaryStore(dataDir.resolve("binaries"), bus.binaryObservations(), clock);
            new BinaryApi(binarySearch, binaryIndex, binaryStore, tags).register(router);
            new SensorProtocolApi(sensors, intake, settings.get(ServerSettings.MAX_UPLOAD),
                    settings.get(ServerSettings.CHECKIN_SECONDS), settings.get(ServerSettings.REGISTRATION_TOKEN),
                    settings.get(ServerSettings.MAX_INFLIGHT_UPLOADS), Optional.of(binaryStore),
                    settings.get(ServerSettings.MAX_BINARY_UPLOAD)).banList(bans::list).register(router);
            new BanningApi(bans).register(router);

            String cert = settings.get(ServerSettings.TLS_CERT);
            String key = settings.get(ServerSettings.TLS_KEY);
            if (cert.isBlank() != key.isBlank()) {
                throw new IllegalArgumentException("settings 'tls-cert' and 'tls-key' go together");
            }
            TlsMaterial tls = cert.isBlank() ? TlsMaterial.selfSigned(dataDir.resolve("tls"))
                    : TlsMaterial.fromPem(Path.of(cert), Path.of(key));
            http = new HttpsServer(settings.get(ServerSettings.BIND), settings.get(ServerSettings.PORT), tls, router);
            http.start();
            closeables.push(http);
            String publicUrl = settings.get(ServerSettings.PUBLIC_URL);
            String host = settings.get(ServerSettings.BIND).equals("0.0.0.0") ? "127.0.0.1" : settings.get(ServerSettings.BIND);
            url = publicUrl.isBlank() ? "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port() : publicUrl;
            writeServerInfo();
        } catch (Exception e) {
            closeQuietly();
            throw e;
        }
    }

    public static LampblackServer start(ServerSettings settings) throws Exception {
        return new LampblackServer(settings, Clock.systemUTC());
    }

    public static LampblackServer start(ServerSettings settings, Clock clock) throws Exception {
        return new LampblackServer(settings, clock);
    }

    public String url() {
        return url;
    }

    public int port() {
        return http.port();
    }

    /** The admin API token: known when this start created it, or from an earlier server-info.json. */
    public Optional<String> adminToken() {
        return adminToken;
    }

    /** The embedded broker, absent when {@code --bus} names an external one. */
    public Optional<EmbeddedBroker> broker() {
        return broker;
    }

    /** The AMQP URL consumers use: the embedded broker's ({@code amqp://cb:PASSWORD@127.0.0.1:5004/}) or {@code --bus}. */
    public String busUrl() {
        return busUrl;
    }

    public Path dataDir() {
        return dataDir;
    }

    public IngestPipeline pipeline() {
        return pipeline;
    }

    public ProcessIndex index() {
        return index;
    }

    /** The process search behind {@code /api/v1/process}, for benchmarks that measure it without HTTP. */
    public ProcessSearch processSearch() {
        return search;
    }

    public BinaryCatalog binaries() {
        return binaries;
    }

    public Journal journal() {
        return journal;
    }

    public SensorRegistry sensors() {
        return sensors;
    }

    /** The periodic partition roll and retention check (tests run it on demand). */
    public PartitionMaintenance partitionMaintenance() {
        return partitionMaintenance;
    }

    /** Where watchlist hits and feed scores are kept beside the indexed documents. */
    public TagStore tags() {
        return tags;
    }

    /** The message bus publisher ({@link BusPublisher#NONE} when no bus is configured) and its counters. */
    public BusPublisher bus() {
        return bus.publisher();
    }

    /** Feed synchronisation and the ingress matcher it loads (issue 5: not yet consulted by ingest). */
    /** The periodic watchlist run; {@link WatchlistRunner#runAll()} runs it now. */
    public WatchlistRunner watchlists() {
        return watchlists;
    }

    /** Watchlists matched as segments are indexed; {@link WatchlistStream#drain()} waits for what was handed over. */
    public WatchlistStream watchlistStream() {
        return watchlistStream;
    }

    public Bans bans() {
        return bans;
    }

    public Alerts alerts() {
        return alerts;
    }

    /** Feed hits of arriving uploads; {@link IngressHits#drain()} waits for those handed over so far. */
    public IngressHits ingressHits() {
        return ingressHits;
    }

    public FeedSync feeds() {
        return feedSync;
    }

    public JdbcAuditLog audit() {
        return audit;
    }

    public Path serverInfoFile() {
        return dataDir.resolve("server-info.json");
    }

    private Optional<String> previousToken() {
        try {
            Path f = serverInfoFile();
            if (!Files.exists(f)) return Optional.empty();
            String t = JSON.readTree(f.toFile()).path("api_token").asText("");
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** server-info.json for scripts: url, api_token, bus_url; readable by its owner only (it holds a credential). */
    private void writeServerInfo() {
        ObjectNode o = JSON.createObjectNode();
        o.put("url", url);
        o.put("api_token", adminToken.orElse(""));
        o.put("username", ADMIN_USER);
        o.put("certificate", dataDir.resolve("tls").resolve("server.crt").toString());
        o.put("bus_url", busUrl);
        o.put("cb_api_version", InfoApi.CB_API_VERSION);
        o.put("lampblack_version", InfoApi.LAMPBLACK_VERSION);
        try {
            TlsMaterial.writeOwnerOnly(serverInfoFile(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + serverInfoFile(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
