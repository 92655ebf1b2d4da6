package io.lampblack.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.api.wire.SearchEnvelope;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.binary.BinaryIndex;
import io.lampblack.server.binary.BinaryJson;
import io.lampblack.server.binary.BinaryRecord;
import io.lampblack.server.binary.BinarySearch;
import io.lampblack.server.binary.BinaryStore;
import io.lampblack.server.json.Json;
import io.lampblack.server.search.SensorScope;
import io.lampblack.server.search.facet.FacetEntry;
import io.lampblack.server.search.schema.BinarySchema;
import io.lampblack.server.tag.TagStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The Carbon Black binary API (reference rest_api.md §4.3, §5.5): search ({@code /api/v1/binary}), the summary
 * document, the file as a zip ({@code filedata} + {@code metadata}) and the icon.
 */
public final class BinaryApi {

    private final BinarySearch search;
    private final BinaryIndex index;
    private final BinaryStore store;
    private final TagRendering tags;
    private final CallerScope scope;

    /**
     * @param tags  watchlist hits and feed scores shown on binary documents
     * @param scope what each caller may see: binaries observed on their groups' sensors, described by those only
     */
    public BinaryApi(BinarySearch search, BinaryIndex index, BinaryStore store, TagStore tags, CallerScope scope) {
        this.search = search;
        this.index = index;
        this.store = store;
        this.tags = new TagRendering(tags);
        this.scope = scope;
    }

    public void register(Router r) {
        r.route("GET", "/api/v1/binary", Router.Access.READ, this::searchGet);
        r.route("POST", "/api/v1/binary", Router.Access.READ, this::searchPost);
        r.route("GET", "/api/v1/binary/{md5}/summary", Router.Access.READ, this::summary);
        r.route("GET", "/api/v1/binary/{md5}/icon", Router.Access.READ, this::icon);
        r.route("GET", "/api/v1/binary/{md5}", Router.Access.READ, this::download);
    }

    private void searchGet(Exchange ex) {
        respond(ex, SearchRequests.query(ex));
    }

    private void searchPost(Exchange ex) {
        respond(ex, SearchRequests.posted(ex));
    }

    private void respond(Exchange ex, Map<String, List<String>> params) {
        long t0 = System.nanoTime();
        Caller caller = ex.caller();
        SensorScope sensors = scope.sensors(caller);
        BinarySearch.Outcome out = search.search(params, sensors);
        List<ObjectNode> docs = out.results().stream()
                .map(r -> described(sensors, BinaryJson.document(seenBy(caller, sensors, r))))
                .toList();
        tags.decorateBinaries(docs);
        Map<String, List<FacetEntry>> facets =
                new BinaryFacetScope(sensors, scope.hostnames(sensors), scope.groupNames(caller)).apply(out.facets());
        ex.json(200, envelope(out, facets, docs, (System.nanoTime() - t0) / 1e9, CallerScope.filtered(caller)));
    }

    /** The envelope of a search nothing was filtered from. */
    static SearchEnvelope envelope(BinarySearch.Outcome out, List<ObjectNode> docs, double elapsed) {
        return envelope(out, out.facets(), docs, elapsed, Map.of());
    }

    static SearchEnvelope envelope(
            BinarySearch.Outcome out,
            Map<String, List<FacetEntry>> counted,
            List<ObjectNode> docs,
            double elapsed,
            Map<String, Object> filtered) {
        Map<String, List<Map<String, Object>>> facets = new LinkedHashMap<>();
        counted.forEach((name, entries) ->
                facets.put(name, entries.stream().map(FacetEntry::toJson).toList()));
        return new SearchEnvelope(
                docs, out.total(), out.start(), elapsed, out.terms(), out.highlights(), facets, null, filtered);
    }

    /**
     * The binary as the caller may see it: the sightings on their groups' sensors only, no {@code observed_filename}
     * (paths are not recorded per sensor). Its {@code last_seen}, not recorded per sensor either, is left out of the
     * documents made of it ({@link #described}).
     */
    private BinaryRecord seenBy(Caller caller, SensorScope sensors, BinaryRecord r) {
        if (sensors.everything()) return r;
        Set<String> groups = scope.groupNames(caller).orElse(Set.of());
        return r.seenOnly(sensors::includes, groups::contains);
    }

    /** A document as a caller limited to some sensors gets it: without {@code last_seen} (maybe a hidden sighting's). */
    private static ObjectNode described(SensorScope sensors, ObjectNode document) {
        if (!sensors.everything()) document.remove(BinarySchema.LAST_SEEN);
        return document;
    }

    private void summary(Exchange ex) {
        SensorScope sensors = scope.sensors(ex.caller());
        ObjectNode summary = described(sensors, BinaryJson.summary(seenBy(ex.caller(), sensors, known(ex))));
        tags.decorateBinaries(List.of(summary));
        ex.json(200, summary);
    }

    private void icon(Exchange ex) {
        BinaryRecord r = known(ex);
        if (!r.hasIcon()) throw ApiException.notFound("icon of binary " + r.md5());
        ex.send(200, "image/png", r.icon());
    }

    /** The file as Carbon Black serves it: a zip of {@code filedata} (the bytes) and {@code metadata} (the document). */
    private void download(Exchange ex) throws IOException {
        String md5 = md5(ex);
        SensorScope sensors = scope.sensors(ex.caller());
        Optional<BinaryRecord> record = index.find(md5);
        // A file no visible sensor was seen with does not exist for the caller (nor does one the index never saw).
        if (!sensors.everything() && !record.map(r -> visible(sensors, r)).orElse(false))
            throw ApiException.notFound("file of binary " + md5);
        Optional<InputStream> file = store.open(md5);
        if (file.isEmpty()) throw ApiException.notFound("file of binary " + md5);
        ObjectNode metadata = record.map(r -> described(sensors, BinaryJson.document(seenBy(ex.caller(), sensors, r))))
                .orElseGet(() -> {
                    ObjectNode o = Json.MAPPER.createObjectNode();
                    o.put("md5", md5);
                    return o;
                });
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (InputStream in = file.get();
                ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("filedata"));
            in.transferTo(out);
            out.closeEntry();
            out.putNextEntry(new ZipEntry("metadata"));
            out.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
            out.closeEntry();
        }
        ex.send(200, "application/zip", zip.toByteArray());
    }

    private BinaryRecord known(Exchange ex) {
        String md5 = md5(ex);
        SensorScope sensors = scope.sensors(ex.caller());
        // Only seen in process activity, never described by the sensor: not a binary document (yet). Seen on no
        // sensor the caller may see: not one for them.
        return index.find(md5)
                .filter(BinaryRecord::hasModuleInfo)
                .filter(r -> visible(sensors, r))
                .orElseThrow(() -> ApiException.notFound("binary " + md5));
    }

    /** Whether a binary was seen on a sensor in scope (everything is, for a caller who sees every group). */
    public static boolean visible(SensorScope sensors, BinaryRecord r) {
        return sensors.everything() || r.endpoints().keySet().stream().anyMatch(sensors::includes);
    }

    /** The MD5 of the path, upper-case; anything that is not 32 hex digits names no binary. */
    private static String md5(Exchange ex) {
        String md5 = ex.pathParam("md5").strip().toUpperCase(Locale.ROOT);
        if (!md5.matches("[0-9A-F]{32}")) throw ApiException.notFound("binary " + ex.pathParam("md5"));
        return md5;
    }
}
