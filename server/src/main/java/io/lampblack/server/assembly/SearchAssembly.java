package io.lampblack.server.assembly;

import io.lampblack.server.api.CallerScope;
import io.lampblack.server.api.ProcessApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.lucene.binary.BinaryJoinResolver;
import io.lampblack.server.lucene.partition.RollStep;
import io.lampblack.server.lucene.process.LuceneProcessIndex;
import io.lampblack.server.lucene.process.SegmentBatchMatcher;
import io.lampblack.server.lucene.query.DynamicFieldResolver;
import io.lampblack.server.lucene.query.TagFieldResolver;
import io.lampblack.server.search.PartitionPolicy;
import io.lampblack.server.search.ProcessIndex;
import io.lampblack.server.search.ProcessSearch;
import io.lampblack.server.search.SegmentMatcher;
import io.lampblack.server.sensor.SensorRegistry;
import io.lampblack.server.tag.TagStore;

/**
 * The process index (one document per immutable segment, in time partitions) and its search
 * ({@code /api/v1/process}, {@code /api/v2/process}): the query language, with binary-join clauses answered by the
 * binary catalog and tag clauses by the tag store.
 */
public final class SearchAssembly implements RestRoutes {

    /**
     * @param ramBufferMb           indexing buffer before a flush
     * @param refreshMillis         how soon indexed segments become searchable
     * @param allowLeadingWildcards whether {@code *foo} queries are allowed
     * @param binaryJoinLimit       most binaries one binary-join clause may expand to
     * @param partitions            when the hot partition rolls and old ones are deleted
     */
    public record Settings(
            int ramBufferMb,
            int refreshMillis,
            boolean allowLeadingWildcards,
            int binaryJoinLimit,
            PartitionPolicy partitions) {
        public static Settings from(ServerSettings s) {
            return new Settings(
                    s.get(ServerSettings.INDEX_RAM_MB),
                    s.get(ServerSettings.REFRESH_MS),
                    s.get(ServerSettings.LEADING_WILDCARDS),
                    s.get(ServerSettings.BINARY_JOIN_LIMIT),
                    new PartitionPolicy(
                            s.get(ServerSettings.PARTITION_DAYS),
                            s.get(ServerSettings.PARTITION_RETENTION_DAYS),
                            s.get(ServerSettings.PARTITION_RETENTION_SIZE)));
        }
    }

    private final LuceneProcessIndex index;
    private final ProcessSearch search;
    private final TagStore tags;
    private final BinaryAssembly binaries;
    private final CallerScope scope;
    private final ProcessApi processApi;

    public SearchAssembly(
            ServerContext ctx, Settings settings, BinaryAssembly binaries, TagStore tags, SensorRegistry sensors) {
        this.scope = new CallerScope(sensors);
        this.tags = tags;
        this.binaries = binaries;
        DynamicFieldResolver processTags = new TagFieldResolver(
                tags,
                TagStore.Scope.PROCESS,
                ctx.clock(),
                LuceneProcessIndex::taggedDocuments,
                DynamicFieldResolver.unsupported());
        DynamicFieldResolver joins = new BinaryJoinResolver(binaries.search(), settings.binaryJoinLimit(), processTags);
        index = ctx.own(new LuceneProcessIndex(
                ctx.dir("index"),
                settings.ramBufferMb(),
                settings.refreshMillis(),
                ctx.clock(),
                settings.allowLeadingWildcards(),
                joins,
                settings.partitions(),
                RollStep.Observer.NONE));
        search = new ProcessSearch(index);
        processApi = new ProcessApi(search, index, tags, binaries::moduleDocument, scope);
    }

    /** What each caller may see: the one scope of the process routes, the process report and the intel details. */
    public CallerScope scope() {
        return scope;
    }

    /** The process documents and events as the process API answers them (the report and the intel hits use it). */
    public ProcessApi processApi() {
        return processApi;
    }

    public ProcessIndex index() {
        return index;
    }

    /** The process search behind {@code /api/v1/process} (watchlists and benchmarks use it without HTTP). */
    public ProcessSearch search() {
        return search;
    }

    /** Matches batches of just-indexed segments against many queries at once (streamed watchlists). */
    public SegmentMatcher segmentMatcher() {
        return new SegmentBatchMatcher(index);
    }

    @Override
    public void register(Router router) {
        processApi.register(router);
    }
}
