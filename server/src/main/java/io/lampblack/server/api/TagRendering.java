package io.lampblack.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.SegmentId;
import io.lampblack.server.json.Json;
import io.lampblack.server.search.ProcessHit;
import io.lampblack.server.tag.TagStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds the tags of the tag store to documents as Carbon Black renders them: process rows (reference §3.2)
 * {@code watchlists: [{wid, value, segments_hit}]}, binaries (§3.6) {@code watchlists: [{wid, value}]}, and
 * {@code alliance_score_<feed>: score}. Only process documents that have tags are parsed and rewritten; the rest are
 * copied through as stored.
 */
final class TagRendering {

    private static final String WATCHLIST = "watchlist_";

    private final TagStore tags;

    TagRendering(TagStore tags) {
        this.tags = tags;
    }

    List<ProcessHit> decorate(List<ProcessHit> hits) {
        if (hits.isEmpty()) return hits;
        Set<String> keys = new LinkedHashSet<>();
        for (ProcessHit h : hits) {
            keys.add(h.uniqueId());
            keys.add(h.uniqueId().substring(0, ProcessGuid.TEXT_LENGTH));
        }
        Map<String, Map<String, Long>> found = tags.tagsOf(TagStore.Scope.PROCESS, keys);
        if (found.isEmpty()) return hits;
        List<ProcessHit> out = new ArrayList<>(hits.size());
        for (ProcessHit h : hits) {
            Map<String, Long> own = new LinkedHashMap<>(
                    found.getOrDefault(h.uniqueId().substring(0, ProcessGuid.TEXT_LENGTH), Map.of()));
            Map<String, Long> segment = found.getOrDefault(h.uniqueId(), Map.of());
            own.putAll(segment);
            out.add(own.isEmpty() ? h : new ProcessHit(h.uniqueId(), render(h, own, segment.keySet())));
        }
        return out;
    }

    private static byte[] render(ProcessHit h, Map<String, Long> tagValues, Set<String> segmentTags) {
        try {
            ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(h.json());
            apply(
                    doc,
                    tagValues,
                    tag -> segmentTags.contains(tag) ? List.of(SegmentId.parse(h.uniqueId())) : List.of(),
                    true);
            return Json.MAPPER.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binary documents get their tags too: {@code watchlists: [{wid, value}]} and {@code alliance_score_<feed>}. */
    void decorateBinaries(List<ObjectNode> docs) {
        if (docs.isEmpty()) return;
        List<String> md5s = docs.stream().map(d -> d.path("md5").asText()).toList();
        Map<String, Map<String, Long>> found = tags.tagsOf(TagStore.Scope.BINARY, md5s);
        for (ObjectNode d : docs) {
            Map<String, Long> own = found.get(d.path("md5").asText());
            if (own != null) apply(d, own, tag -> List.of(), false);
        }
    }

    private static void apply(
            ObjectNode doc,
            Map<String, Long> tagValues,
            java.util.function.Function<String, List<Long>> segmentsHit,
            boolean withSegments) {
        ArrayNode watchlists = doc.has("watchlists") && doc.get("watchlists").isArray()
                ? (ArrayNode) doc.get("watchlists")
                : doc.putArray("watchlists");
        tagValues.forEach((tag, value) -> {
            // Tags starting with '_' are the server's own bookkeeping (which feed query reported a document).
            if (tag.startsWith("_")) return;
            if (tag.startsWith(WATCHLIST)) {
                ObjectNode w = watchlists.addObject();
                w.put("wid", tag.substring(WATCHLIST.length()));
                w.put("value", Instant.ofEpochMilli(value).toString());
                if (withSegments) {
                    ArrayNode hit = w.putArray("segments_hit");
                    segmentsHit.apply(tag).forEach(hit::add);
                }
            } else {
                doc.put(tag, value);
            }
        });
    }
}
