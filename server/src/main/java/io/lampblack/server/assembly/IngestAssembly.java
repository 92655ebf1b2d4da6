package io.lampblack.server.assembly;

import io.lampblack.server.api.Router;
import io.lampblack.server.api.SensorProtocolApi;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.ingest.InflightBudget;
import io.lampblack.server.ingest.IngestPipeline;
import io.lampblack.server.ingest.IngestRoute;
import io.lampblack.server.ingest.Journal;
import io.lampblack.server.ingest.UploadInTransit;
import io.lampblack.server.ingest.UploadIntake;
import io.lampblack.server.ingest.UploadRegistry;
import io.lampblack.server.process.ProcessMetadataCache;
import io.lampblack.server.process.SegmentAssembler;
import io.lampblack.server.search.ProcessIndex;
import java.time.Duration;
import java.util.Optional;

/**
 * Ingest: the sensor protocol's front door, the journal, and the pipeline that turns journaled uploads into indexed
 * segments, with the hooks of the other features on its route ({@link IngestRoute}). Started after every feature
 * that hooks into the route, so that none misses an upload (the journal is replayed as it starts).
 */
public final class IngestAssembly implements RestRoutes {

    /**
     * @param journalFileSize       size at which the journal starts a new file
     * @param metadataCache         processes whose metadata is kept in memory for the segment assembler
     * @param indexThreads          indexer threads
     * @param pipelineQueue         uploads acknowledged and waiting for an indexer, at most
     * @param commitMillis          how often the index commits (and the journal is trimmed)
     * @param maxUploadDecompressed largest upload after decompression (larger ones are refused whole)
     * @param maxUploadEvents       most events in one upload (larger ones are refused whole)
     * @param protocol              what the sensor protocol allows
     */
    public record Settings(
            long journalFileSize,
            int metadataCache,
            int indexThreads,
            int pipelineQueue,
            int commitMillis,
            long maxUploadDecompressed,
            int maxUploadEvents,
            SensorProtocolApi.Settings protocol) {
        public static Settings from(ServerSettings s) {
            return new Settings(
                    s.get(ServerSettings.JOURNAL_FILE_SIZE),
                    s.get(ServerSettings.METADATA_CACHE),
                    s.get(ServerSettings.INDEX_THREADS),
                    s.get(ServerSettings.PIPELINE_QUEUE),
                    s.get(ServerSettings.COMMIT_MS),
                    s.get(ServerSettings.MAX_UPLOAD_DECOMPRESSED),
                    s.get(ServerSettings.MAX_UPLOAD_EVENTS),
                    new SensorProtocolApi.Settings(
                            s.get(ServerSettings.MAX_UPLOAD),
                            s.get(ServerSettings.MAX_INFLIGHT_UPLOADS),
                            s.get(ServerSettings.INFLIGHT_SHARE_PER_SENSOR),
                            Duration.ofSeconds(s.get(ServerSettings.UPLOAD_READ_TIMEOUT)),
                            s.get(ServerSettings.UPLOAD_MIN_RATE),
                            s.get(ServerSettings.MAX_BINARY_UPLOAD)));
        }
    }

    private final Journal<UploadInTransit> journal;
    private final IngestPipeline pipeline;
    private final UploadIntake intake;
    private final SensorProtocolApi protocol;

    public IngestAssembly(
            ServerContext ctx,
            Settings settings,
            SensorAssembly sensors,
            ProcessIndex index,
            IngestRoute route,
            BinaryAssembly binaries,
            AlertAssembly alerts,
            IngressAssembly ingress) {
        journal = Journal.open(ctx.dir("journal"), settings.journalFileSize(), ctx.clock());
        // Segment ids already indexed (their journal files possibly trimmed) must never be handed out again.
        journal.receiptTimesAfter(index.maxServerTime());
        UploadRegistry uploads = new UploadRegistry(ctx.dir("uploads.seen"));
        SegmentAssembler assembler = new SegmentAssembler(new ProcessMetadataCache(settings.metadataCache()), index);
        pipeline = ctx.own(new IngestPipeline(
                journal,
                index,
                assembler,
                sensors.contexts(),
                uploads,
                ctx.dir("deadletter"),
                settings.indexThreads(),
                settings.pipelineQueue(),
                settings.commitMillis(),
                route));
        // Closed before the pipeline: the pipeline then indexes what the journal handed over and commits it.
        ctx.own(journal);
        pipeline.start();
        intake = new UploadIntake(
                journal,
                uploads,
                sensors.contexts(),
                route,
                settings.maxUploadDecompressed(),
                settings.maxUploadEvents(),
                ingress.gate());
        protocol = new SensorProtocolApi(
                sensors.registry(),
                sensors.control(),
                sensors.registrationToken(),
                intake,
                Optional.of(binaries.store()),
                alerts.bans()::list,
                settings.protocol(),
                sensors.groups().rules(),
                ingress.filters()::checkinList,
                binaries.requests()::forCheckin);
    }

    public IngestPipeline pipeline() {
        return pipeline;
    }

    public Journal<UploadInTransit> journal() {
        return journal;
    }

    /** The heap that uploads in progress hold, in all and per sensor. */
    public InflightBudget inflight() {
        return protocol.inflight();
    }

    /** The sensor protocol: registration, check-in (with the ban list and pending actions), event and binary uploads. */
    @Override
    public void register(Router router) {
        protocol.register(router);
    }
}
