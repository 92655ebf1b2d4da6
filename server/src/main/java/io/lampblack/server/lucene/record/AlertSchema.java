package io.lampblack.server.lucene.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.lucene.schema.DocumentFieldWriter;
import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.FieldSpec;
import java.time.Instant;
import java.util.List;

/**
 * The alert search catalogue ({@code /api/v2/alert}): the fields of an alert document (reference §5.11) an analyst
 * filters on, such as {@code -status:Resolved watchlist_name:foo} or {@code cb.fq.unique_id=<id>}. Severity is a
 * decimal; it is indexed rounded to a whole number for clauses, facets and sorting.
 */
public final class AlertSchema extends RecordIndex.Schema {

    public static final AlertSchema INSTANCE = new AlertSchema();

    private AlertSchema() {
        keyword("unique_id", false, true);
        keyword("alert_type", true, true);
        keyword("status", false, true);
        keyword("watchlist_id", false, false);
        keyword("watchlist_name", true, true);
        keyword("feed_name", true, true);
        keyword("process_name", true, true);
        keyword("hostname", true, true);
        keyword("group", false, true);
        keyword("os_type", false, true);
        keyword("ioc_type", false, true);
        keyword("ioc_value", true, false);
        keyword("assigned_to", false, true);
        keyword("username", false, true);
        field(FieldSpec.of("process_id", FieldKind.GUID));
        field(FieldSpec.of("process_path", FieldKind.PATH));
        field(FieldSpec.of("md5", FieldKind.MD5).asDefault());
        field(FieldSpec.of("feed_id", FieldKind.LONG).asFacetable());
        field(FieldSpec.of("sensor_id", FieldKind.LONG).asFacetable());
        field(FieldSpec.of("segment_id", FieldKind.LONG));
        field(FieldSpec.of("report_score", FieldKind.INTEGER).asSortable().asFacetable());
        field(FieldSpec.of("alert_severity", FieldKind.INTEGER).asSortable().asFacetable());
        field(FieldSpec.of("created_time", FieldKind.DATETIME).asSortable().asFacetable());
        field(FieldSpec.of("is_ignored", FieldKind.BOOL));
    }

    private void keyword(String name, boolean asDefault, boolean facet) {
        FieldSpec spec = FieldSpec.of(name, FieldKind.KEYWORD).asSortable();
        if (asDefault) spec = spec.asDefault();
        if (facet) spec = spec.asFacetable();
        field(spec);
    }

    @Override
    public String key(ObjectNode record) {
        return record.path("unique_id").asText();
    }

    @Override
    public void index(ObjectNode a, DocumentFieldWriter w) {
        for (FieldSpec spec : fields()) {
            JsonNode v = a.get(spec.name());
            if (v == null || v.isNull()) continue;
            switch (spec.kind()) {
                // Severity is a decimal (40.5): whole numbers are what clauses and facets work with.
                case LONG, INTEGER -> w.number(spec.name(), Math.round(v.asDouble()));
                case DATETIME -> w.number(spec.name(), Instant.parse(v.asText()).toEpochMilli());
                case BOOL -> w.bool(spec.name(), v.asBoolean());
                default -> w.add(spec.name(), v.asText());
            }
        }
    }

    @Override
    public String defaultSort() {
        return "created_time desc";
    }

    @Override
    public List<String> defaultFacets() {
        return List.of(
                "alert_type",
                "status",
                "watchlist_name",
                "feed_name",
                "hostname",
                "process_name",
                "report_score",
                "alert_severity",
                "created_time");
    }
}
