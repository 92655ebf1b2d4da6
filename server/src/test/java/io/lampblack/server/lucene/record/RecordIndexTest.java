package io.lampblack.server.lucene.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.lucene.schema.DocumentFieldWriter;
import io.lampblack.server.search.RecordPage;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.FieldSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordIndexTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    /** Records with an id, a status keyword, a score, a title and a time. */
    private static final RecordIndex.Schema SCHEMA = new RecordIndex.Schema() {
        {
            field(FieldSpec.of("id", FieldKind.KEYWORD).asSortable());
            field(FieldSpec.of("status", FieldKind.KEYWORD).asFacetable());
            field(FieldSpec.of("score", FieldKind.INTEGER).asSortable().asFacetable());
            field(FieldSpec.of("title", FieldKind.TEXT).asDefault());
            field(FieldSpec.of("at", FieldKind.DATETIME).asSortable());
        }

        @Override
        public String key(ObjectNode r) {
            return r.path("id").asText();
        }

        @Override
        public void index(ObjectNode r, DocumentFieldWriter w) {
            w.add("id", r.path("id").asText());
            w.add("status", r.path("status").asText());
            w.number("score", r.path("score").asInt());
            w.add("title", r.path("title").asText());
            w.number("at", Instant.parse(r.path("at").asText()).toEpochMilli());
        }

        @Override
        public String defaultSort() {
            return "score desc";
        }

        @Override
        public List<String> defaultFacets() {
            return List.of("status");
        }
    };

    @TempDir
    Path dir;

    private static ObjectNode record(String id, String status, int score, String title, String at) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id)
                .put("status", status)
                .put("score", score)
                .put("title", title)
                .put("at", at);
        return o;
    }

    private static List<String> ids(RecordPage p) {
        return p.results().stream().map(r -> r.path("id").asText()).toList();
    }

    private static Map<String, List<String>> params(String... kv) {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], List.of(kv[i + 1]));
        return m;
    }

    @Test
    void searchSortPageFacetAndChange() {
        try (RecordIndex ix = new RecordIndex(dir, SCHEMA, CLOCK)) {
            ix.put(List.of(
                    record("a", "Open", 10, "bad dropper", "2026-11-30T10:00:00Z"),
                    record("b", "Resolved", 90, "evil domain", "2026-11-29T10:00:00Z"),
                    record("c", "Open", 50, "dropper of evil", "2026-12-01T10:00:00Z")));
            assertEquals(List.of("b", "c", "a"), ids(ix.search(params("q", ""))), "default order");
            assertEquals(List.of("c", "a", "b"), ids(ix.search(params("sort", "at desc"))));
            assertEquals(List.of("c", "a"), ids(ix.search(params("q", "dropper"))), "default field words");
            assertEquals(List.of("c"), ids(ix.search(params("q", "status:open score:[20 TO *]"))));
            assertEquals(List.of("b"), ids(ix.search(params("q", "-status:Open"))));
            assertEquals(List.of("a"), ids(ix.search(params("cb.fq.id", "a"))));
            RecordPage page = ix.search(params("rows", "1", "start", "1", "facet", "true"));
            assertEquals(3, page.total());
            assertEquals(List.of("c"), ids(page));
            assertEquals(
                    2,
                    page.facets().get("status").stream()
                            .filter(f -> f.name().equals("Open"))
                            .findFirst()
                            .orElseThrow()
                            .value());
            assertThrows(QuerySyntaxException.class, () -> ix.search(params("q", "status:(")));
            assertThrows(IllegalArgumentException.class, () -> ix.search(params("sort", "title desc")));

            assertFalse(ix.putIfAbsent(record("a", "Open", 99, "replaced?", "2026-11-30T10:00:00Z")));
            assertEquals(10, ix.get("a").orElseThrow().path("score").asInt(), "putIfAbsent keeps the first");
            ix.put(record("a", "Resolved", 10, "bad dropper", "2026-11-30T10:00:00Z"));
            assertEquals(List.of("b", "a"), ids(ix.search(params("q", "status:resolved"))), "changed in place");
            assertEquals(
                    List.of("a", "b"),
                    ix.matching("status:resolved", 10).stream()
                            .map(r -> r.path("id").asText())
                            .toList());
            ix.deleteMatching("status:resolved");
            assertEquals(1, ix.count());
        }
        try (RecordIndex ix = new RecordIndex(dir, SCHEMA, CLOCK)) {
            assertTrue(ix.get("c").isPresent(), "durable across reopening");
            assertEquals(1, ix.count());
        }
    }
}
