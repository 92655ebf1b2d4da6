package io.lampblack.server.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedParserTest {

    private static final String FEEDINFO = """
            "feedinfo": {"name": "tor", "display_name": "Tor Exit Nodes", "provider_url": "https://torproject.org/",
              "summary": "Tor exit nodes", "tech_data": "No sharing required", "category": "Open Source",
              "provider_rating": 2.5, "icon": "aWNvbg==", "version": 3, "future_key": {"x": [1]}}""";

    private static final String REPORTS = """
            "reports": [
              {"timestamp": 1380773388, "iocs": {"ipv4": ["100.2.142.8", "10.0.0.255"]}, "link": "https://x/1",
               "id": "TOR-Node-100.2.142.8", "title": "exit node", "score": 50},
              {"timestamp": 1380773389.0, "iocs": {"md5": ["D41D8CD98F00B204E9800998ECF8427E"],
                 "sha256": ["E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"],
                 "dns": ["Evil.Example.COM."], "ipv6": ["2001:DB8:0:0:0:0:0:1"], "ja3": ["0123456789abcdef0123456789abcdef"]},
               "link": "https://x/2", "id": "mixed", "title": "mixed", "score": -10, "tags": "apt, loader",
               "description": "several kinds"},
              {"title": "Notepad processes", "timestamp": 1388538906, "score": 50, "link": "http://x/3", "id": "notepad_proc",
               "iocs": {"query": [{"index_type": "events", "search_query": "cb.urlver=1&q=process_name%3Anotepad.exe"}]}},
              {"title": "modules", "timestamp": 1388570000, "score": 50, "link": "http://x/4", "id": "new_mod_loads",
               "iocs": {"query": {"index_type": "modules", "search_query": "q=is_executable_image%3Afalse"}}}
            ]""";

    private static FeedParser.Summary parse(String json, List<FeedReport> out) throws Exception {
        return FeedParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out::add);
    }

    @Test
    void readsFeedInfoAndNormalisesEveryKindOfIndicator() throws Exception {
        List<FeedReport> out = new ArrayList<>();
        FeedParser.Summary s = parse("{" + REPORTS + "," + FEEDINFO + "}", out);
        assertEquals("tor", s.info().name());
        assertEquals("Tor Exit Nodes", s.info().displayName());
        assertEquals("Open Source", s.info().category());
        assertEquals(2.5, s.info().providerRating().orElseThrow());
        assertEquals("3", s.info().version());
        assertEquals(4, s.reports());
        assertEquals(9, s.iocs());
        assertEquals(4, out.size());

        FeedReport tor = out.get(0);
        assertEquals("TOR-Node-100.2.142.8", tor.id());
        assertEquals(
                List.of(100 << 24 | 2 << 16 | 142 << 8 | 8, 10 << 24 | 255),
                tor.iocs().ipv4());
        assertEquals(1380773388L, tor.timestamp());

        FeedReport mixed = out.get(1);
        assertEquals(1380773389L, mixed.timestamp(), "a whole float timestamp is accepted");
        assertEquals(List.of("d41d8cd98f00b204e9800998ecf8427e"), mixed.iocs().md5());
        assertEquals(
                List.of("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                mixed.iocs().sha256());
        assertEquals(List.of("evil.example.com"), mixed.iocs().dns());
        assertEquals(List.of("2001:db8:0:0:0:0:0:1"), mixed.iocs().ipv6());
        assertEquals(List.of("apt", "loader"), mixed.tags());
        assertEquals(-10, mixed.score());
        assertEquals(Optional.empty(), mixed.iocs().query());

        assertEquals(
                new QueryIoc(QueryIoc.IndexType.EVENTS, "cb.urlver=1&q=process_name%3Anotepad.exe"),
                out.get(2).iocs().query().orElseThrow());
        assertEquals(
                QueryIoc.IndexType.MODULES,
                out.get(3).iocs().query().orElseThrow().indexType(),
                "a query given as an object rather than a one-element list");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"name\": \"tor\"|\"name\": \"tor feed\"|feedinfo.name: may hold only letters",
                "\"name\": \"tor\", |<nothing>|feedinfo.name: missing",
                "\"summary\": \"Tor exit nodes\", |<nothing>|feedinfo.summary: missing",
                "\"100.2.142.8\", |\"100.2.142.800\", |reports[0].iocs.ipv4[0]: not a dotted IPv4 address",
                "D41D8CD98F00B204E9800998ECF8427E|D41D8CD98F00B204E9800998ECF8427|reports[1].iocs.md5[0]: not an MD5",
                "\"score\": -10|\"score\": -101|reports[1].score: outside -100..100",
                "\"score\": -10|\"score\": \"high\"|reports[1].score: must be an integer",
                "\"id\": \"mixed\"|\"id\": \"notepad_proc\"|reports[2].id: repeats",
                "\"id\": \"mixed\"|\"id\": \"two words\"|reports[1].id: contains whitespace",
                "\"link\": \"https://x/2\", |<nothing>|reports[1].link: missing",
                "\"index_type\": \"events\"|\"index_type\": \"binaries\"|reports[2].iocs.query[0].index_type: neither events nor modules",
                "\"search_query\": \"q=is_executable_image%3Afalse\"|\"search_query\": \"is_executable_image%3Afalse\"|reports[3].iocs.query.search_query: no q= parameter",
                "\"Evil.Example.COM.\"|\"evil..com\"|reports[1].iocs.dns[0]: not a domain name",
                "\"2001:DB8:0:0:0:0:0:1\"|\"localhost\"|reports[1].iocs.ipv6[0]: not an IPv6 address",
                "\"iocs\": {\"ipv4\": [\"100.2.142.8\", \"10.0.0.255\"]}|\"iocs\": {}|reports[0].iocs: no indicators",
                "{\"index_type\": \"modules\"|{\"kind\": \"modules\"|reports[3].iocs.query.index_type: missing",
                "\"iocs\": {\"query\": [{|\"iocs\": {\"query\": [\"q=a\", {|reports[2].iocs.query[0]: must be an object",
            })
    void aBadFeedIsRejectedWithItsPlaceAndReason(String from, String to, String reason) throws Exception {
        // The place and the rule, never the offending value: the document may be something that is not a feed.
        String json = "{" + FEEDINFO + "," + REPORTS + "}";
        assertTrue(json.contains(from), from);
        String broken = json.replaceFirst(
                java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement("<nothing>".equals(to) ? "" : to));
        InvalidFeedException e = assertThrows(InvalidFeedException.class, () -> parse(broken, new ArrayList<>()));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }

    @Test
    void aQueryReportCannotCarryOtherIndicators() {
        String json =
                "{" + FEEDINFO + ", \"reports\": [{\"id\": \"q\", \"timestamp\": 1, \"link\": \"l\", \"title\": \"t\","
                        + " \"score\": 1, \"iocs\": {\"md5\": [\"d41d8cd98f00b204e9800998ecf8427e\"],"
                        + " \"query\": [{\"index_type\": \"events\", \"search_query\": \"q=a\"}]}}]}";
        InvalidFeedException e = assertThrows(InvalidFeedException.class, () -> parse(json, new ArrayList<>()));
        assertEquals("reports[0].iocs: a report with a query cannot have other indicators", e.getMessage());
    }

    @Test
    void whatIsNotAFeedIsNeverRepeated() {
        // A password file, an environment, a page: the error names the failure, not the first token of the secret.
        for (String secret :
                List.of("s3cr3tPassw0rd", "PATH=/usr/bin\u0000DB_PASSWORD=hunter2", "\"hunter2\"", "[\"hunter2\"]")) {
            InvalidFeedException e = assertThrows(InvalidFeedException.class, () -> parse(secret, new ArrayList<>()));
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
            assertFalse(e.getMessage().contains("PATH"), e.getMessage());
        }
        assertEquals(
                "not JSON at line 1, column 1",
                assertThrows(InvalidFeedException.class, () -> parse("s3cr3tPassw0rd", new ArrayList<>()))
                        .getMessage());
    }

    @Test
    void notJsonAndMissingPartsAreNamed() {
        assertTrue(assertThrows(InvalidFeedException.class, () -> parse("<html>", new ArrayList<>()))
                .getMessage()
                .startsWith("not JSON"));
        assertTrue(assertThrows(
                        InvalidFeedException.class, () -> parse("{" + FEEDINFO + ", \"reports\": [", new ArrayList<>()))
                .getMessage()
                .startsWith("not JSON"));
        assertEquals(
                "reports: missing",
                assertThrows(InvalidFeedException.class, () -> parse("{" + FEEDINFO + "}", new ArrayList<>()))
                        .getMessage());
        assertEquals(
                "feedinfo: missing",
                assertThrows(InvalidFeedException.class, () -> parse("{\"reports\": []}", new ArrayList<>()))
                        .getMessage());
        assertEquals(
                "a feed is a JSON object",
                assertThrows(InvalidFeedException.class, () -> parse("[]", new ArrayList<>()))
                        .getMessage());
    }

    /** A large feed streams through: each report reaches the sink as it is read, none is kept by the parser. */
    @Test
    void largeFeedsStreamReportByReport() throws Exception {
        int reports = 50_000;
        List<InputStream> parts = new ArrayList<>();
        parts.add(stream("{" + FEEDINFO + ", \"reports\": ["));
        for (int i = 0; i < reports; i++) {
            parts.add(stream((i == 0 ? "" : ",") + "{\"id\": \"r" + i + "\", \"timestamp\": 1, \"link\": \"l\","
                    + " \"title\": \"t\", \"score\": 80, \"iocs\": {\"md5\": [\"" + String.format("%032x", i)
                    + "\"], \"ipv4\": [\"10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + "\"]}}"));
        }
        parts.add(stream("]}"));
        AtomicLong seen = new AtomicLong();
        FeedParser.Summary s =
                FeedParser.parse(new SequenceInputStream(Collections.enumeration(parts)), r -> seen.incrementAndGet());
        assertEquals(reports, s.reports());
        assertEquals(2L * reports, s.iocs());
        assertEquals(reports, seen.get());
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
