package io.lampblack.server.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.search.query.RequestParameters;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The current cbfeeds query-IOC form, {@code "query": {"index_type": ..., "search_query": [...]}}, is read beside
 * the list-of-objects form: one string is that query, several are one query matching any of them.
 */
class FeedQueryFormTest {

    private static QueryIoc parseQuery(String searchQueries) throws Exception {
        String json = """
                {"feedinfo": {"name": "q", "display_name": "Q", "provider_url": "https://x", "summary": "s",
                  "tech_data": "t"},
                 "reports": [{"id": "r", "timestamp": 1700000000, "link": "https://x/r", "title": "t", "score": 50,
                   "iocs": {"query": {"index_type": "events", "search_query": %s}}}]}""".formatted(searchQueries);
        List<FeedReport> out = new ArrayList<>();
        FeedParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out::add);
        return out.getFirst().iocs().query().orElseThrow();
    }

    @Test
    void oneQueryInAList() throws Exception {
        QueryIoc q = parseQuery("[\"cb.urlver=1&q=process_name%3Anotepad.exe\"]");
        assertEquals(QueryIoc.IndexType.EVENTS, q.indexType());
        assertEquals("cb.urlver=1&q=process_name%3Anotepad.exe", q.searchQuery());
    }

    @Test
    void severalQueriesMatchAnyOfThem() throws Exception {
        QueryIoc q =
                parseQuery("[\"cb.urlver=1&q=process_name%3Anotepad.exe\", \"cb.urlver=1&q=domain%3Aevil.example\"]");
        assertEquals(
                List.of("(process_name:notepad.exe) OR (domain:evil.example)"),
                RequestParameters.form(q.searchQuery()).get("q"));
    }

    @Test
    void queriesWithOtherParametersCannotBeJoined() {
        InvalidFeedException e = assertThrows(
                InvalidFeedException.class,
                () -> parseQuery("[\"cb.urlver=1&q=a\", \"cb.urlver=1&q=b&cb.q.process_name=x\"]"));
        assertTrue(e.getMessage().contains("search_query[1]"), e.getMessage());
        assertThrows(InvalidFeedException.class, () -> parseQuery("[]"));
    }
}
