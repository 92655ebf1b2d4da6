package io.lampblack.server.lucene.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.server.process.SegmentAssembler;
import io.lampblack.server.search.Highlighter;
import io.lampblack.server.search.SegmentJson;
import io.lampblack.server.search.schema.ProcessFields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The values of one result row that highlights can mark: process metadata from the stored document, and, only
 * when the query can match them, the distinct module, file, registry and domain values of the row's stored events.
 */
final class HighlightValues {

    private static final String[] METADATA = {
        ProcessFields.PROCESS_NAME,
        ProcessFields.PATH,
        ProcessFields.CMDLINE,
        ProcessFields.USERNAME,
        ProcessFields.HOSTNAME,
        ProcessFields.PARENT_NAME,
        ProcessFields.PROCESS_MD5,
        ProcessFields.GROUP,
        ProcessFields.HOST_TYPE
    };

    private HighlightValues() {}

    /** Whether the highlighter needs event values (so the row's events must be read). */
    static boolean needsEvents(Highlighter h) {
        return h.wants(ProcessFields.MODLOAD)
                || h.wants(ProcessFields.FILEMOD)
                || h.wants(ProcessFields.REGMOD)
                || h.wants(ProcessFields.DOMAIN);
    }

    static List<Highlighter.Value> of(byte[] json, byte[] events, Highlighter h) {
        List<Highlighter.Value> out = new ArrayList<>();
        JsonNode doc = SegmentJson.parse(json);
        for (String f : METADATA) {
            if (h.wants(f) && doc.hasNonNull(f))
                out.add(new Highlighter.Value(f, doc.get(f).asText()));
        }
        if (events == null || events.length == 0) return out;
        Set<Highlighter.Value> distinct = new LinkedHashSet<>();
        for (CbEventMsg ev : EventLogReader.lenient(events)) {
            if (ev.hasModload()) {
                distinct.add(new Highlighter.Value(ProcessFields.MODLOAD, SegmentAssembler.pathOf(ev)));
            } else if (ev.hasFilemod()) {
                distinct.add(new Highlighter.Value(ProcessFields.FILEMOD, SegmentAssembler.pathOf(ev)));
            } else if (ev.hasRegmod()) {
                distinct.add(new Highlighter.Value(
                        ProcessFields.REGMOD, ev.getRegmod().getUtf8Regpath().toStringUtf8()));
            } else if (ev.hasNetwork()) {
                distinct.add(new Highlighter.Value(
                        ProcessFields.DOMAIN, ev.getNetwork().getUtf8Netpath().toStringUtf8()));
            } else if (ev.hasNetworkv2()) {
                distinct.add(new Highlighter.Value(
                        ProcessFields.DOMAIN, ev.getNetworkv2().getUtf8Netpath().toStringUtf8()));
            }
        }
        for (Highlighter.Value v : distinct) if (h.wants(v.field()) && !v.text().isEmpty()) out.add(v);
        return out;
    }
}
