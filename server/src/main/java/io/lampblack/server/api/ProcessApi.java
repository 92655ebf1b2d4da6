package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.server.api.wire.HostCount;
import io.lampblack.server.api.wire.ProcessEvents;
import io.lampblack.server.api.wire.ProcessSummary;
import io.lampblack.server.api.wire.SearchEnvelope;
import io.lampblack.server.api.wire.SegmentList;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.json.Json;
import io.lampblack.server.json.RawJson;
import io.lampblack.server.search.Highlighter;
import io.lampblack.server.search.ProcessIndex;
import io.lampblack.server.search.ProcessSearch;
import io.lampblack.server.search.SegmentJson;
import io.lampblack.server.search.StoredSegment;
import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QueryParser;
import io.lampblack.server.search.schema.ProcessSchema;
import io.lampblack.server.tag.TagStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The Carbon Black process API: search ({@code /api/v1/process}), summaries, segments and events
 * (reference rest_api.md §4.2, §5.2–5.4).
 */
public final class ProcessApi {

    private static final List<String> COUNTS = SegmentList.EventCounts.DOCUMENT_FIELDS;

    private final ProcessSearch search;
    private final ProcessIndex index;
    private final TagRendering tags;
    private final QueryParser previewParser = new QueryParser(ProcessSchema.INSTANCE);

    /** The binary documents of the process image and loaded modules, for the event endpoints' {@code binaries} map. */
    private final Function<String, Optional<ObjectNode>> binaries;

    private final CallerScope scope;

    /** At most this many binaries in an event response's {@code binaries} map. */
    static final int MAX_BINARIES = 200;

    /**
     * @param binaries the Carbon Black binary document of an MD5, when the binary index describes it
     * @param scope    what each caller may see: searches are filtered to it, processes outside it do not exist
     */
    public ProcessApi(
            ProcessSearch search,
            ProcessIndex index,
            TagStore tags,
            Function<String, Optional<ObjectNode>> binaries,
            CallerScope scope) {
        this.search = search;
        this.index = index;
        this.tags = new TagRendering(tags);
        this.binaries = binaries;
        this.scope = scope;
    }

    public void register(Router r) {
        // A process of a sensor in a group the caller may not see does not exist for them (404), on every route.
        Router.Access process = Router.Access.groupRead(scope::groupOfProcess);
        r.route("GET", "/api/v1/process", Router.Access.READ, this::searchGet);
        r.route("POST", "/api/v1/process", Router.Access.READ, this::searchPost);
        // Literal routes before the {guid}/{segment} patterns they would otherwise fall into.
        r.route("GET", "/api/v1/process/host/count", Router.Access.READ, this::hostCount);
        r.route("GET", "/api/v1/process/{guid}/{segment}/preview", process, this::preview);
        r.route("GET", "/api/v1/process/{guid}", process, ex -> summary(ex, "0"));
        r.route("GET", "/api/v1/process/{guid}/segment", process, this::segmentList);
        r.route("GET", "/api/v1/process/{guid}/{segment}", process, ex -> summary(ex, ex.pathParam("segment")));
        r.route("GET", "/api/v2/process/{guid}", process, ex -> bare(ex, "0"));
        r.route("GET", "/api/v2/process/{guid}/{segment}", process, ex -> bare(ex, ex.pathParam("segment")));
        for (int v = 1; v <= 4; v++) {
            int version = v;
            r.route("GET", "/api/v" + v + "/process/{guid}/{segment}/event", process, ex -> events(ex, version));
        }
    }

    private void searchGet(Exchange ex) {
        respond(ex, SearchRequests.query(ex));
    }

    private void searchPost(Exchange ex) {
        respond(ex, SearchRequests.posted(ex));
    }

    private void respond(Exchange ex, Map<String, List<String>> params) {
        long t0 = System.nanoTime();
        if (!scope.sensors(ex.caller()).everything()) refuseSightingJoins(params);
        ProcessSearch.Outcome out = search.search(params, scope.sensors(ex.caller()));
        // Stored segment documents are written through as they are, never parsed (only tagged rows were rewritten).
        List<RawJson> rows = tags.decorate(out.results().hits()).stream()
                .map(h -> RawJson.of(h.json()))
                .toList();
        ex.json(200, envelope(out, rows, (System.nanoTime() - t0) / 1e9, CallerScope.filtered(ex.caller())));
    }

    /** The envelope of a search nothing was filtered from. */
    static SearchEnvelope envelope(ProcessSearch.Outcome out, List<RawJson> rows, double elapsed) {
        return envelope(out, rows, elapsed, Map.of());
    }

    static SearchEnvelope envelope(
            ProcessSearch.Outcome out, List<RawJson> rows, double elapsed, Map<String, Object> filtered) {
        return new SearchEnvelope(
                rows,
                out.results().total(),
                out.start(),
                elapsed,
                out.terms(),
                out.highlights(),
                out.facets(),
                SearchEnvelope.ProcessKeys.of(out.comprehensive(), filtered));
    }

    /** {@code GET /api/v1/process/<guid>/<segment>?children=N}: process, parent, children, siblings. */
    private void summary(Exchange ex, String segment) {
        ex.json(200, summaryOf(ex, guid(ex), segment, Math.max(0, ex.intParam("children", 15))));
    }

    /**
     * The summary document of a process segment (0 = whole process) with up to {@code n} children and siblings, of
     * which the caller sees only those of sensors they may see. A parent, child or sibling runs on the same sensor,
     * whose GUIDs carry; checked all the same, so that a document naming another sensor's process never shows it to
     * a caller who may not see that sensor.
     */
    ProcessSummary summaryOf(Exchange ex, ProcessGuid guid, String segment, int n) {
        Predicate<String> visible = g -> visibleProcess(ex.caller(), g);
        ObjectNode process = processDoc(guid, segment);
        String parentGuid = process.path("parent_id").asText("");
        ObjectNode parent = parentGuid.isEmpty() || !visible.test(parentGuid) ? null : latestDoc(parentGuid);
        List<ObjectNode> children = relatives(guid.toString(), null, n, visible);
        List<ObjectNode> siblings =
                parentGuid.isEmpty() ? List.of() : relatives(parentGuid, guid.toString(), n, visible);
        return new ProcessSummary(
                process, parent == null ? Json.MAPPER.createObjectNode() : parent, children, siblings);
    }

    private void bare(Exchange ex, String segment) {
        ex.json(200, processDoc(guid(ex), segment));
    }

    private void segmentList(Exchange ex) {
        ProcessGuid guid = guid(ex);
        List<StoredSegment> segs = index.segments(guid.toString());
        if (segs.isEmpty()) throw ApiException.notFound("process " + guid);
        List<SegmentList.Segment> list = new ArrayList<>(segs.size());
        for (StoredSegment s : segs) {
            JsonNode d = SegmentJson.parse(s.json());
            list.add(new SegmentList.Segment(
                    s.uniqueId(),
                    s.segmentId(),
                    d.path("last_update").asText(),
                    d.path("last_server_update").asText(),
                    SegmentList.EventCounts.of(d)));
        }
        ex.json(200, SegmentList.of(list));
    }

    private void events(Exchange ex, int version) {
        long t0 = System.nanoTime();
        ObjectNode process = eventDocument(guid(ex), segmentNumber(ex.pathParam("segment")), version);
        ex.json(200, new ProcessEvents(process, (System.nanoTime() - t0) / 1e9));
    }

    /** The process document of a segment (0 = whole process) with its events as API {@code version} renders them. */
    ObjectNode eventDocument(ProcessGuid guid, long segment, int version) {
        List<StoredSegment> segs = select(guid, segment);
        ObjectNode process = merge(segs);
        EventRendering r = new EventRendering(version, guid.sensorId());
        for (StoredSegment s : segs) r.addAll(s.events());
        r.putInto(process);
        process.set("binaries", binariesOf(process, version));
        return process;
    }

    /** {@code ?cb.freqver=1&name=md5&md5=<MD5>}: how many hosts ran that binary as a process, out of how many. */
    private void hostCount(Exchange ex) {
        String name = ex.param("name").orElse("md5");
        if (!name.equalsIgnoreCase("md5")) {
            throw ApiException.badRequest("invalid_parameter", "host/count supports name=md5 only");
        }
        String md5 = ex.param("md5").orElseThrow(() -> ApiException.badRequest("invalid_parameter", "md5 is required"));
        if (!md5.matches("(?i)[0-9a-f]{32}"))
            throw ApiException.badRequest("invalid_parameter", "md5 must be 32 hex digits");
        ex.json(200, HostCount.of(index.frequency(md5, scope.sensors(ex.caller()))));
    }

    /** The segment (0 = whole process) with a few events per type, values matching {@code q} highlighted. */
    private void preview(Exchange ex) {
        ProcessGuid guid = guid(ex);
        List<StoredSegment> segs = select(guid, segmentNumber(ex.pathParam("segment")));
        ObjectNode process = merge(segs);
        EventRendering r = new EventRendering(1, guid.sensorId());
        for (StoredSegment s : segs) r.addAll(s.events());
        r.putInto(process);
        QueryNode query = previewParser.parse(ex.param("q").orElse(""));
        ex.json(200, ProcessPreview.of(process, query, new Highlighter(query, ProcessSchema.INSTANCE)));
    }

    /**
     * {@code binaries}: MD5 (upper-case) → binary document, for the process image and every loaded module the binary
     * index describes (clients pre-fill modload binaries from it); binaries it does not describe are left out.
     */
    private ObjectNode binariesOf(ObjectNode process, int version) {
        Set<String> md5s = new LinkedHashSet<>();
        String image = process.path("process_md5").asText("");
        if (image.length() == 32) md5s.add(image.toUpperCase(java.util.Locale.ROOT));
        for (JsonNode m : process.path("modload_complete")) {
            // v1–v4 modload strings: time|md5|path
            String[] parts = m.asText().split("\\|", 3);
            if (parts.length >= 2 && parts[1].length() == 32) md5s.add(parts[1].toUpperCase(java.util.Locale.ROOT));
            if (md5s.size() >= MAX_BINARIES) break;
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (String md5 : md5s) binaries.apply(md5).ifPresent(doc -> out.set(md5, doc));
        return out;
    }

    private ObjectNode processDoc(ProcessGuid guid, String segment) {
        return merge(select(guid, segmentNumber(segment)));
    }

    private List<StoredSegment> select(ProcessGuid guid, long segment) {
        List<StoredSegment> segs = index.segments(guid.toString());
        if (segment != 0)
            segs = segs.stream().filter(s -> s.segmentId() == segment).toList();
        if (segs.isEmpty())
            throw ApiException.notFound(
                    segment == 0 ? "process " + guid : "segment " + segment + " of process " + guid);
        return segs;
    }

    /**
     * One document for a set of segments (segment 0 = the whole process): the newest segment's document with counts
     * summed, the earliest and latest update times, and terminated if any segment saw the end.
     */
    private static ObjectNode merge(List<StoredSegment> segs) {
        List<JsonNode> docs =
                segs.stream().map(s -> SegmentJson.parse(s.json())).toList();
        ObjectNode doc = (ObjectNode) docs.getLast();
        if (docs.size() == 1) return doc;
        long[] sums = new long[COUNTS.size()];
        boolean terminated = false;
        Instant minUpdate = Instant.MAX;
        Instant maxUpdate = Instant.MIN;
        Instant minServer = Instant.MAX;
        for (JsonNode d : docs) {
            for (int i = 0; i < COUNTS.size(); i++)
                sums[i] += d.path(COUNTS.get(i)).asLong();
            terminated |= d.path("terminated").asBoolean();
            minUpdate = min(minUpdate, Instant.parse(d.path("min_last_update").asText()));
            maxUpdate = max(maxUpdate, Instant.parse(d.path("max_last_update").asText()));
            minServer = min(
                    minServer, Instant.parse(d.path("min_last_server_update").asText()));
        }
        for (int i = 0; i < COUNTS.size(); i++) doc.put(COUNTS.get(i), sums[i]);
        doc.put("terminated", terminated);
        doc.put("min_last_update", iso(minUpdate));
        doc.put("max_last_update", iso(maxUpdate));
        doc.put("last_update", iso(maxUpdate));
        doc.put("min_last_server_update", iso(minServer));
        if (terminated) doc.put("end", iso(maxUpdate));
        return doc;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String iso(Instant t) {
        return io.lampblack.protocol.FileTimes.isoMillis(t.toEpochMilli());
    }

    private ObjectNode latestDoc(String guid) {
        List<StoredSegment> segs = index.segments(guid);
        return segs.isEmpty() ? null : merge(segs);
    }

    private boolean visibleProcess(Caller caller, String guid) {
        try {
            return caller.maySee(scope.groupOfSensor(ProcessGuid.parse(guid).sensorId()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Visible processes whose parent is {@code parentGuid}, one document each, excluding {@code exclude}. */
    private List<ObjectNode> relatives(String parentGuid, String exclude, int limit, Predicate<String> visible) {
        List<ObjectNode> out = new ArrayList<>();
        if (limit == 0) return out;
        Set<String> seen = new LinkedHashSet<>();
        for (String child : index.childrenOf(parentGuid, limit + 1)) {
            if (child.equals(exclude) || !seen.add(child) || !visible.test(child)) continue;
            ObjectNode d = latestDoc(child);
            if (d != null) out.add(d);
            if (out.size() >= limit) break;
        }
        return out;
    }

    static ProcessGuid guid(Exchange ex) {
        try {
            return ProcessGuid.parse(ex.pathParam("guid"));
        } catch (IllegalArgumentException e) {
            // Not a translation of a failure: text that is no GUID names no process, as in Carbon Black (404).
            throw ApiException.notFound("process " + ex.pathParam("guid"));
        }
    }

    static long segmentNumber(String s) {
        return Numbers.parseLong(s)
                .orElseThrow(() -> ApiException.badRequest(
                        "invalid_parameter", "segment must be a decimal segment id (0 = whole process)"));
    }

    /**
     * A process query joining on the binary's {@code observed_filename} matches paths observed on every sensor, hidden
     * ones included (paths are not recorded per sensor): refused for a caller limited to some sensor groups, as in
     * binary search (400 {@code field_not_available}). A query that does not parse is left to the search's own 400.
     */
    static void refuseSightingJoins(Map<String, List<String>> params) {
        QueryNode node;
        try {
            node = io.lampblack.server.search.query.SearchParameters.from(params)
                    .toQuery(new QueryParser(ProcessSchema.INSTANCE));
        } catch (RuntimeException e) {
            return;
        }
        refuseSightingJoins(node);
    }

    private static void refuseSightingJoins(QueryNode n) {
        switch (n) {
            case QueryNode.And a -> a.clauses().forEach(ProcessApi::refuseSightingJoins);
            case QueryNode.Or o -> o.clauses().forEach(ProcessApi::refuseSightingJoins);
            case QueryNode.Not x -> refuseSightingJoins(x.clause());
            case QueryNode.FieldGroup g -> {
                refuseSightingJoin(g.field());
                refuseSightingJoins(g.body());
            }
            case QueryNode.Leaf l -> l.fieldName().ifPresent(ProcessApi::refuseSightingJoin);
            case QueryNode.MatchAll m -> {}
        }
    }

    private static void refuseSightingJoin(String field) {
        if (ProcessSchema.INSTANCE.resolve(field).orElse(null)
                        instanceof io.lampblack.server.search.schema.DynamicField.BinaryJoin join
                && io.lampblack.server.search.schema.BinarySchema.OBSERVED_FILENAME.equals(
                        join.binaryField().name())) {
            throw new io.lampblack.server.problem.InvalidInput(
                    "field_not_available",
                    "'" + field + "' matches the paths a binary was observed at on every sensor, which you may not"
                            + " all see: it cannot be searched by a caller limited to some sensor groups");
        }
    }
}
