package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.search.Highlighter;
import io.lampblack.server.search.query.QueryNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/v1/process/<guid>/<segment>/preview?q=} (reference rest_api.md): the process document with a few
 * events of each type as v1 pipe strings, the values matching {@code q} wrapped in highlight markers. Matching
 * events come first so that what made the row match is visible in the preview; the counts stay the totals.
 */
final class ProcessPreview {

    /** Events of each type in a preview ("tens of events"). */
    static final int EVENTS_PER_TYPE = 20;

    /** Event list → (value field, index of the value in the pipe string). */
    private record Column(String list, String field, int index) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("modload_complete", "modload", 2),
            new Column("filemod_complete", "filemod", 2),
            new Column("regmod_complete", "regmod", 2),
            new Column("netconn_complete", "domain", 4),
            new Column("childproc_complete", null, -1),
            new Column("crossproc_complete", null, -1),
            new Column("processblock_complete", null, -1));

    private static final String[] SUMMARY_FIELDS = {
        "process_name", "path", "cmdline", "username", "hostname", "parent_name", "process_md5", "group"
    };

    private ProcessPreview() {}

    /** Marks and truncates {@code process} (a document with v1 {@code *_complete} lists) in place. */
    static ObjectNode of(ObjectNode process, QueryNode query, Highlighter highlighter) {
        for (String f : SUMMARY_FIELDS) {
            JsonNode v = process.get(f);
            if (v == null || !v.isTextual()) continue;
            String marked = highlighter.isEmpty() ? null : highlighter.markValue(f, v.asText());
            if (marked != null) process.put(f, marked);
        }
        for (Column c : COLUMNS) {
            JsonNode list = process.get(c.list);
            if (list == null || !list.isArray()) continue;
            List<String> matched = new ArrayList<>();
            List<String> others = new ArrayList<>();
            for (JsonNode e : list) {
                String line = e.isTextual() ? e.asText() : e.toString();
                String marked = c.field == null || highlighter.isEmpty() ? null : markColumn(line, c, highlighter);
                if (marked != null) matched.add(marked);
                else others.add(line);
            }
            ArrayNode out = process.putArray(c.list);
            for (String s : matched) if (out.size() < EVENTS_PER_TYPE) out.add(s);
            for (String s : others) if (out.size() < EVENTS_PER_TYPE) out.add(s);
        }
        return process;
    }

    private static String markColumn(String line, Column c, Highlighter h) {
        String[] parts = line.split("\\|", -1);
        if (parts.length <= c.index) return null;
        String marked = h.markValue(c.field, parts[c.index]);
        if (marked == null) return null;
        parts[c.index] = marked;
        return String.join("|", parts);
    }
}
