package io.lampblack.server.lucene.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.intel.FeedStore;
import io.lampblack.server.lucene.schema.DocumentFieldWriter;
import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.FieldSpec;
import java.util.List;

/**
 * The threat-report search catalogue ({@code /api/v1/threat_report}, reference §4.10 and §5.10): what cbapi and the
 * console filter reports on ({@code feed_id:7 title:FUZZYWOMBAT}, {@code is_ignored:true}), the report's
 * indicators ({@code md5:}, {@code ipv4:}, {@code domain:}), and {@code severity_score}, Carbon Black's default sort.
 */
public final class ReportSchema extends RecordIndex.Schema {

    public static final ReportSchema INSTANCE = new ReportSchema();

    private ReportSchema() {
        field(FieldSpec.of("id", FieldKind.KEYWORD).asDefault().asSortable());
        field(FieldSpec.of("feed_id", FieldKind.LONG).asFacetable().asSortable());
        field(FieldSpec.of("feed_name", FieldKind.KEYWORD).asFacetable().asSortable());
        field(FieldSpec.of("feed_category", FieldKind.KEYWORD).asFacetable());
        field(FieldSpec.of("title", FieldKind.TEXT).asDefault());
        field(FieldSpec.of("description", FieldKind.TEXT).asDefault());
        field(FieldSpec.of("tags", FieldKind.KEYWORD).asDefault().asFacetable());
        field(FieldSpec.of("link", FieldKind.KEYWORD));
        field(FieldSpec.of("score", FieldKind.INTEGER).asSortable().asFacetable());
        field(FieldSpec.of("severity_score", FieldKind.INTEGER).asSortable());
        field(FieldSpec.of("timestamp", FieldKind.DATETIME).asSortable().asFacetable());
        field(FieldSpec.of("is_ignored", FieldKind.BOOL));
        field(FieldSpec.of("md5", FieldKind.MD5).asDefault());
        field(FieldSpec.of("sha256", FieldKind.SHA256).asDefault());
        field(FieldSpec.of("ipv4", FieldKind.KEYWORD).asDefault());
        field(FieldSpec.of("ipv6", FieldKind.KEYWORD).asDefault());
        field(FieldSpec.of("domain", FieldKind.KEYWORD).asDefault());
    }

    /** {@code <feed id>:<report id>}: report ids are unique only within their feed. */
    @Override
    public String key(ObjectNode r) {
        return FeedStore.reportKey(r.path("feed_id").asLong(), r.path("id").asText());
    }

    @Override
    public void index(ObjectNode r, DocumentFieldWriter w) {
        w.add("id", r.path("id").asText());
        w.number("feed_id", r.path("feed_id").asLong());
        w.add("feed_name", r.path("feed_name").asText());
        w.add("feed_category", r.path("feed_category").asText());
        w.add("title", r.path("title").asText());
        w.add("description", r.path("description").asText());
        r.path("tags").forEach(t -> w.add("tags", t.asText()));
        w.add("link", r.path("link").asText());
        w.number("score", r.path("score").asInt());
        w.number("severity_score", r.path("score").asInt());
        w.number("timestamp", r.path("timestamp").asLong() * 1000);
        w.bool("is_ignored", r.path("is_ignored").asBoolean());
        JsonNode iocs = r.path("iocs");
        iocs.path("md5").forEach(v -> w.add("md5", v.asText()));
        iocs.path("sha256").forEach(v -> w.add("sha256", v.asText()));
        iocs.path("ipv4").forEach(v -> w.add("ipv4", v.asText()));
        iocs.path("ipv6").forEach(v -> w.add("ipv6", v.asText()));
        iocs.path("dns").forEach(v -> w.add("domain", v.asText()));
    }

    @Override
    public String defaultSort() {
        return "severity_score desc";
    }

    @Override
    public List<String> defaultFacets() {
        return List.of("feed_name", "feed_category", "score", "timestamp", "tags");
    }
}
