package io.lampblack.server.lucene.binary;

import static io.lampblack.server.binary.BinaryFixture.M1;
import static io.lampblack.server.binary.BinaryFixture.MC;
import static io.lampblack.server.binary.BinaryFixture.MG;
import static io.lampblack.server.binary.BinaryFixture.MJ;
import static io.lampblack.server.binary.BinaryFixture.MX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.binary.BinaryCatalog;
import io.lampblack.server.binary.BinaryFixture;
import io.lampblack.server.binary.BinaryObservations;
import io.lampblack.server.binary.BinaryRecord;
import io.lampblack.server.binary.BinarySearch;
import io.lampblack.server.lucene.query.DynamicFieldResolver;
import io.lampblack.server.search.facet.FacetEntry;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.DynamicField;
import io.lampblack.server.search.schema.HashNormalizer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Binary search over the §6.1 binaries, fed through the catalog as module-info uploads: reference vector 40 and more. */
class LuceneBinarySearchTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2016-12-02T06:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path dir;

    static LuceneBinaryIndex index;
    static BinarySearch search;

    /**
     * Stands in for the tag store: MX has a virustotal score of 15 and M1 a watchlist 4 hit in 2014-05; nothing has
     * an srstrust score.
     */
    private static final DynamicFieldResolver TAGS = (field, clause) -> switch (field) {
        case DynamicField.FeedScore score when score.feed().equals("virustotal") -> md5(MX);
        case DynamicField.WatchlistTag tag when tag.watchlistId().equals("4") -> md5(M1);
        default -> new MatchNoDocsQuery();
    };

    private static TermQuery md5(String md5) {
        return new TermQuery(new Term("md5", HashNormalizer.normalize(md5)));
    }

    @BeforeAll
    static void load() {
        index = new LuceneBinaryIndex(dir.resolve("binaries"));
        try (BinaryCatalog catalog = new BinaryCatalog(index, BinaryObservations.NONE, 1 << 12, 60_000)) {
            BinaryFixture.load(catalog);
        }
        search = new LuceneBinarySearch(index, CLOCK, false, TAGS);
    }

    @AfterAll
    static void close() {
        index.close();
    }

    private static Set<String> md5s(String q) {
        return search.search(Map.of("q", List.of(q), "rows", List.of("100"))).results().stream()
                .map(BinaryRecord::md5)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> expected(String names) {
        Map<String, String> byName = Map.of("M1", M1, "MC", MC, "MX", MX, "MJ", MJ, "MG", MG);
        return names.isBlank()
                ? Set.of()
                : java.util.Arrays.stream(names.split(" "))
                        .map(byName::get)
                        .collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                // Vector 40, in order.
                "digsig_publisher:Oracle                          | MJ",
                "digsig_result:expired                            | MJ",
                "digsig_result:\"Invalid Chain\"                    | ''",
                "product_name:\"windows operating system\"          | M1 MC",
                "digsig_sign_time:[* TO 2011-12-31]               | M1 MJ",
                "is_executable_image:FALSE                        | MX",
                "alliance_score_virustotal:[10 TO *]              | MX",
                "-alliance_score_srstrust:*                       | M1 MC MX MJ MG",
                "watchlist_4:[2014-04-01 TO 2014-09-30]           | M1",
                "md5:5A18F00AB9330AC7539675F3F326CF11             | M1",
            })
    void referenceVector40(String query, String expected) {
        assertEquals(expected(expected), md5s(query.strip()));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "md5:5a18f00ab9330ac7539675f3f326cf11             | M1",
                "oracle                                           | MJ",
                "microsoft                                        | M1 MC",
                "company_name:micro*                              | M1 MC",
                "company_name:\"oracle corporation\"                | MJ",
                "company_name:\"corporation oracle\"                | ''",
                "product_name:windows                             | M1 MC",
                "product_name:\"java tm platform\"                  | MJ",
                "file_version:7.0.170.2                           | MJ",
                "file_version:7.0.17                              | ''",
                "digsig_publisher:\"oracle america inc\"            | MJ",
                "digsig_result:signed                             | M1 MC MG",
                "digsig_result:Unsigned                           | MX",
                "-digsig_result:signed                            | MX MJ",
                "digsig_result_code:2148204800                    | MX",
                "digsig_sign_time:2009-07-14                      | M1",
                "digsig_sign_time:*                               | M1 MC MJ MG",
                "is_64bit:true                                    | M1 MC",
                "is_executable_image:true                         | M1 MC MJ MG",
                "orig_mod_len:193536                              | M1",
                "orig_mod_len:[* TO 10]                           | MX",
                "copied_mod_len:[1000000 TO *]                    | MG",
                "observed_filename:notepad.exe                    | M1",
                "observed_filename:c:\\windows\\*                   | M1 MC",
                "observed_filename:temp\\evil.dll                  | MX",
                "observed_filename_facet:c:\\windows\\system32\\cmd.exe | MC",
                "hostname:win-5ikqdnf9go1                         | M1 MC MX MJ MG",
                "group:\"default group\"                            | M1 MC MX MJ MG",
                "host_count:1                                     | M1 MC MX MJ MG",
                "os_type:windows                                  | M1 MC MX MJ MG",
                "server_added_timestamp:[2016-12-01 TO *]         | MX",
                "server_added_timestamp:-10h                      | MX",
                "last_seen:[* TO 2012-12-31]                      | M1 MC",
                "tampered:false                                   | M1 MC MX MJ MG",
                "product_name_facet:\"Google Chrome\"               | MG",
                "sha256:*                                         | ''",
                "''                                               | M1 MC MX MJ MG",
            })
    void binaryFields(String query, String expected) {
        assertEquals(expected(expected), md5s(query.strip()));
    }

    @Test
    void resultsAreNewestFirstByDefaultAndPaged() {
        BinarySearch.Outcome all = search.search(Map.of());
        assertEquals(5, all.total());
        assertEquals(
                List.of(MX, MG, MJ, MC, M1),
                all.results().stream().map(BinaryRecord::md5).toList());
        BinarySearch.Outcome page =
                search.search(Map.of("start", List.of("1"), "rows", List.of("2"), "sort", List.of("orig_mod_len asc")));
        assertEquals(5, page.total());
        // Sizes: MX 8, MJ 187832, M1 193536, MC 302592, MG 1021536.
        assertEquals(
                List.of(MJ, M1), page.results().stream().map(BinaryRecord::md5).toList());
        assertEquals(0, search.search(Map.of("rows", List.of("0"))).results().size());
        assertEquals(5, search.search(Map.of("rows", List.of("0"))).total());
    }

    @Test
    void endpointsAreHostAndSensorId() {
        assertEquals(expected("M1 MC MX MJ MG"), md5s("endpoint:WIN-5IKQDNF9GO1|3"));
        assertEquals(expected(""), md5s("endpoint:WIN-5IKQDNF9GO1|4"));
    }

    @Test
    void badQueriesAndParametersAreRejected() {
        assertThrows(QuerySyntaxException.class, () -> md5s("digsig_sign_time:soon"));
        assertThrows(QuerySyntaxException.class, () -> md5s("company_name:*soft"));
        assertThrows(QuerySyntaxException.class, () -> md5s("(company_name:oracle"));
        assertThrows(QuerySyntaxException.class, () -> md5s("is_64bit:maybe"));
        assertThrows(IllegalArgumentException.class, () -> search.search(Map.of("sort", List.of("company_name desc"))));
        assertThrows(IllegalArgumentException.class, () -> search.search(Map.of("rows", List.of("many"))));
    }

    @Test
    void tagClausesAreRejectedWithoutATagStore() {
        BinarySearch plain = new LuceneBinarySearch(index, CLOCK, false, DynamicFieldResolver.unsupported());
        QuerySyntaxException e = assertThrows(
                QuerySyntaxException.class,
                () -> plain.search(Map.of("q", List.of("alliance_score_virustotal:[10 TO *]"))));
        assertTrue(e.getMessage().contains("not supported yet"), e.getMessage());
    }

    @Test
    void termsListTheClauses() {
        assertEquals(
                List.of("digsig_result:Signed", "company_name:\"microsoft corporation\""),
                search.search(Map.of("q", List.of("digsig_result:Signed company_name:\"microsoft corporation\"")))
                        .terms());
    }

    @Test
    void facetsCountTheMatchingBinaries() {
        BinarySearch.Outcome out = search.search(Map.of(
                "q",
                List.of(""),
                "rows",
                List.of("0"),
                "facet",
                List.of("true"),
                "facet.field",
                List.of(
                        "digsig_result",
                        "company_name_facet",
                        "digsig_sign_time",
                        "server_added_timestamp",
                        "host_count",
                        "alliance_score_virustotal")));
        Map<String, List<FacetEntry>> f = out.facets();
        assertEquals(
                List.of(
                        "digsig_result",
                        "company_name_facet",
                        "digsig_sign_time",
                        "server_added_timestamp",
                        "host_count",
                        "alliance_score_virustotal"),
                List.copyOf(f.keySet()));
        assertEquals(
                List.of(
                        new FacetEntry("Signed", 3, 100, 60.0),
                        new FacetEntry("Expired", 1, 33, 20.0),
                        new FacetEntry("Unsigned", 1, 33, 20.0)),
                f.get("digsig_result"));
        // MX's module message had no company name: Carbon Black shows "(unknown)". Ties are in value order.
        assertEquals(
                List.of(
                        new FacetEntry("Microsoft Corporation", 2, 100, 40.0),
                        new FacetEntry("(unknown)", 1, 50, 20.0),
                        new FacetEntry("Google Inc.", 1, 50, 20.0),
                        new FacetEntry("Oracle Corporation", 1, 50, 20.0)),
                f.get("company_name_facet"));
        // 48 months back from 2016-12: only MG's 2015-01 signature is recent enough.
        assertEquals(48, f.get("digsig_sign_time").size());
        assertEquals(
                new FacetEntry("2015-01-01T00:00:00Z", 1, 100, 100.0),
                f.get("digsig_sign_time").stream()
                        .filter(e -> e.value() > 0)
                        .findFirst()
                        .orElseThrow());
        // 30 days back from 2016-12-02: MX, added 2016-12-01.
        List<FacetEntry> days = f.get("server_added_timestamp");
        assertEquals(30, days.size());
        assertEquals(new FacetEntry("2016-12-01T00:00:00Z", 1, 100, 100.0), days.get(28));
        assertEquals(new FacetEntry(1L, 5, 100, 100.0), f.get("host_count").getFirst());
        assertEquals(List.of(), f.get("alliance_score_virustotal"));
        // Off unless asked for; the default set when no field is named.
        assertEquals(Map.of(), search.search(Map.of()).facets());
        assertEquals(
                LuceneBinarySearch.DEFAULT_FACETS,
                List.copyOf(
                        search.search(Map.of("facet", List.of("true"))).facets().keySet()));
    }

    @Test
    void facetsFollowTheQuery() {
        BinarySearch.Outcome out = search.search(
                Map.of("q", List.of("microsoft"), "facet", List.of("true"), "facet.field", List.of("digsig_result")));
        assertEquals(
                List.of(new FacetEntry("Signed", 2, 100, 100.0)), out.facets().get("digsig_result"));
    }
}
