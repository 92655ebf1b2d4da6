package io.lampblack.server.lucene.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.binary.BinaryCatalog;
import io.lampblack.server.binary.BinaryFixture;
import io.lampblack.server.binary.BinaryObservations;
import io.lampblack.server.binary.BinarySearch;
import io.lampblack.server.lucene.query.DynamicFieldResolver;
import io.lampblack.server.lucene.query.ProcessFixture;
import io.lampblack.server.lucene.query.QueryTranslator;
import io.lampblack.server.search.query.QueryParser;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.DynamicField;
import io.lampblack.server.search.schema.ProcessSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Binary joins in process search (reference §2.2, vector 35): the §6.1 process segments joined with a binary index
 * holding exactly M1, MC, MX, MJ and MG, so the processes of MU and MR (and kernel32.dll's MD5) never match a join.
 */
class BinaryJoinTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2016-12-02T06:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path dir;

    private static ProcessFixture processes;
    private static LuceneBinaryIndex binaryIndex;
    private static BinarySearch binaries;
    private final QueryParser parser = new QueryParser(ProcessSchema.INSTANCE);

    @BeforeAll
    static void index() throws IOException {
        processes = new ProcessFixture();
        binaryIndex = new LuceneBinaryIndex(dir.resolve("binaries"));
        try (BinaryCatalog catalog = new BinaryCatalog(binaryIndex, BinaryObservations.NONE, 1 << 12, 60_000)) {
            BinaryFixture.load(catalog);
        }
        binaries = new LuceneBinarySearch(binaryIndex, CLOCK, false, DynamicFieldResolver.unsupported());
    }

    @AfterAll
    static void close() throws IOException {
        processes.close();
        binaryIndex.close();
    }

    private Set<String> search(DynamicFieldResolver resolver, String q) throws IOException {
        QueryTranslator translator = QueryTranslator.forProcesses(CLOCK, false, processes.paths(), resolver);
        return processes.ids(translator.translate(parser.parse(q)));
    }

    private Set<String> search(String q) throws IOException {
        return search(new BinaryJoinResolver(binaries, BinaryJoinResolver.DEFAULT_LIMIT), q);
    }

    private static Set<String> ids(String csv) {
        return csv.isBlank() ? Set.of() : Set.of(csv.split(" "));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                // Vector 35.
                "digsig_result_modload:Unsigned                        | E",
                "is_executable_image_filewrite:false                   | D",
                // No suffix: the process's own image.
                "digsig_result:Signed                                  | A B D F1 F2",
                "-digsig_result:Signed                                 | C E",
                "company_name:microsoft                                | A D",
                "product_name:\"windows operating system\"               | A D",
                "digsig_publisher:oracle                               | ''",
                "digsig_sign_time:[* TO 2011-12-31]                    | A",
                "observed_filename:system32\\cmd.exe                    | D",
                "is_64bit:true                                         | A D",
                "digsig_result:*                                       | A B D F1 F2",
                // Parent, child and modload MD5s; kernel32.dll's MD5 (A's modload) is not in the binary index.
                "digsig_result_parent:Signed                           | D",
                "company_name_child:microsoft                          | B",
                "digsig_result_modload:Signed                          | ''",
                "orig_mod_len_modload:[* TO 10]                        | E",
                "digsig_result_filewrite:unsigned process_name:cmd.exe | D",
                "process_name:chrome.exe digsig_result:signed          | B F1 F2",
            })
    void joins(String query, String expected) throws IOException {
        assertEquals(ids(expected), search(query.strip()));
    }

    @Test
    void aJoinOverTheLimitIsRefusedAsCarbonBlack623Does() {
        BinaryJoinResolver small = new BinaryJoinResolver(binaries, 2);
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> search(small, "digsig_result:Signed"));
        assertTrue(e.getMessage().contains("binary join too large"), e.getMessage());
        assertTrue(e.getMessage().contains("digsig_result:Signed"), e.getMessage());
        assertTrue(e.getMessage().contains("binary-join-limit"), e.getMessage());
    }

    @Test
    void badBinaryClausesAreSyntaxErrors() {
        assertThrows(QuerySyntaxException.class, () -> search("digsig_sign_time_modload:soon"));
        assertThrows(QuerySyntaxException.class, () -> search("is_64bit_parent:perhaps"));
        assertThrows(QuerySyntaxException.class, () -> search("company_name:*soft"));
    }

    @Test
    void otherDynamicFieldsGoToTheComposedResolver() throws IOException {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> search("watchlist_4:*"));
        assertTrue(e.getMessage().contains("not supported yet"), e.getMessage());
        DynamicFieldResolver tags = (field, clause) -> field instanceof DynamicField.WatchlistTag
                ? new TermQuery(new Term(ProcessFixture.ID, "C"))
                : new MatchNoDocsQuery();
        assertEquals(Set.of("C"), search(new BinaryJoinResolver(binaries, 10, tags), "watchlist_4:*"));
    }

    @Test
    void feedScoresOfJoinedBinariesComeFromTheBinarySideTags() throws IOException {
        // Without a tag store, the binary search rejects the score clause...
        QuerySyntaxException e =
                assertThrows(QuerySyntaxException.class, () -> search("alliance_score_virustotal_modload:[10 TO *]"));
        assertTrue(e.getMessage().contains("not supported yet"), e.getMessage());
        // ...with one that scores MX (evil.dll) 15, E (which loaded it) matches.
        BinarySearch tagged = new LuceneBinarySearch(
                binaryIndex,
                CLOCK,
                false,
                (field, clause) -> new TermQuery(new Term("md5", BinaryFixture.MX.toLowerCase())));
        assertEquals(
                Set.of("E"), search(new BinaryJoinResolver(tagged, 10), "alliance_score_virustotal_modload:[10 TO *]"));
    }
}
