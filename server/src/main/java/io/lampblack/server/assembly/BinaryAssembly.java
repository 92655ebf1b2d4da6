package io.lampblack.server.assembly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.api.BinaryApi;
import io.lampblack.server.api.CallerScope;
import io.lampblack.server.api.Router;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.binary.BinaryCatalog;
import io.lampblack.server.binary.BinaryJson;
import io.lampblack.server.binary.BinaryRecord;
import io.lampblack.server.binary.BinaryRequests;
import io.lampblack.server.binary.BinarySearch;
import io.lampblack.server.binary.BinaryStore;
import io.lampblack.server.binary.FileBinaryStore;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.lucene.binary.LuceneBinaryIndex;
import io.lampblack.server.lucene.binary.LuceneBinarySearch;
import io.lampblack.server.lucene.query.DynamicFieldResolver;
import io.lampblack.server.lucene.query.TagFieldResolver;
import io.lampblack.server.sensor.SensorRegistry;
import io.lampblack.server.tag.TagStore;
import java.util.Optional;

/**
 * Binaries: the catalog (one document per MD5, learnt from indexed uploads: where, on which hosts, signed or not),
 * its search ({@code /api/v1/binary}, and the joins process queries make on it), and the store of uploaded binary
 * files. Before the process index: process queries join on binaries, and the catalog must close after the pipeline,
 * whose last commit makes it durable.
 */
public final class BinaryAssembly implements RestRoutes {

    /**
     * @param seenCache             (MD5, sensor, path) observations remembered to skip re-observations
     * @param flushMillis           how often new observations become searchable
     * @param allowLeadingWildcards whether {@code *foo} queries are allowed
     */
    public record Settings(int seenCache, int flushMillis, boolean allowLeadingWildcards) {
        public static Settings from(ServerSettings s) {
            return new Settings(
                    s.get(ServerSettings.BINARY_SEEN_CACHE),
                    s.get(ServerSettings.BINARY_FLUSH_MS),
                    s.get(ServerSettings.LEADING_WILDCARDS));
        }
    }

    private final LuceneBinaryIndex index;
    private final BinaryCatalog catalog;
    private final BinarySearch search;
    private final BinaryStore store;
    private final BinaryRequests requests;
    private final TagStore tags;
    private final CallerScope scope;

    public BinaryAssembly(ServerContext ctx, Settings settings, BusAssembly bus, TagStore tags, SensorRegistry sensors)
            throws Exception {
        this.scope = new CallerScope(sensors);
        this.tags = tags;
        index = ctx.own(new LuceneBinaryIndex(ctx.dir("index", "binaries")));
        store = new FileBinaryStore(ctx.dir("binaries"), bus.binaryObservations(), ctx.clock());
        requests = new BinaryRequests(store, BinaryRequests.Limits.DEFAULT, ctx.clock());
        catalog = ctx.own(new BinaryCatalog(
                index, bus.binaryObservations(), settings.seenCache(), settings.flushMillis(), requests));
        search = new LuceneBinarySearch(
                index,
                ctx.clock(),
                settings.allowLeadingWildcards(),
                new TagFieldResolver(
                        tags,
                        TagStore.Scope.BINARY,
                        ctx.clock(),
                        LuceneBinarySearch::documentsOf,
                        DynamicFieldResolver.unsupported()));
    }

    /** The catalog: a hook on the ingest route's indexed stage, made durable before each index commit. */
    public BinaryCatalog catalog() {
        return catalog;
    }

    public BinarySearch search() {
        return search;
    }

    /** Where sensors' binary file uploads go. */
    public BinaryStore store() {
        return store;
    }

    /** The binaries each sensor is asked to upload at check-in (described in module info, not in the store). */
    public BinaryRequests requests() {
        return requests;
    }

    /** A binary's document as searched, with what was observed so far (flushed first: a feed hit's storage hit). */
    public Optional<ObjectNode> currentDocument(String md5) {
        catalog.flush();
        return index.find(md5).map(BinaryJson::document);
    }

    /** A binary's document when its module info is known (what a process document shows of its executable). */
    public Optional<ObjectNode> moduleDocument(String md5) {
        return index.find(md5).filter(BinaryRecord::hasModuleInfo).map(BinaryJson::document);
    }

    /**
     * Whether the binary catalogue knows an (upper-case) MD5 seen on a sensor the caller may see (flushed first), the
     * lookup of the binary routes: any other binary does not exist for the caller.
     */
    public boolean visibleBinary(Caller caller, String md5) {
        catalog.flush();
        return index.find(md5)
                .filter(r -> BinaryApi.visible(scope.sensors(caller), r))
                .isPresent();
    }

    @Override
    public void register(Router router) {
        new BinaryApi(search, index, store, tags, scope).register(router);
    }
}
