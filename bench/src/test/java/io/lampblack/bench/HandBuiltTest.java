package io.lampblack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lampblack.server.lucene.schema.ProcessFieldWriter;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.FixedBitSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-built answers are the oracle our search is compared with once comprehensive search, grouping and facets
 * land, so they are checked here on the reference's own test vectors (query_and_process_model.md §6: chrome B with
 * one segment, chrome F with segments F1 on www.google.com and F2 on www.bing.com, vectors 36-38 and the facet
 * vector), written with the server's field writer and spread over two index segments so the GUID ordinals must be
 * merged across leaves.
 */
class HandBuiltTest {

    private static final String A = "00000003-0000-0001-01cc-c7d6a1b2c3d4";
    private static final String B = "00000003-0000-0002-01cf-0e1f2a3b4c5d";
    private static final String C = "00000003-0000-0003-01d2-4b5c6d7e8f90";
    private static final String D = "00000003-0000-0004-01d2-4bab12345678";
    private static final String F = "00000003-0000-0006-01d2-4aff87654321";

    private ByteBuffersDirectory dir;
    private DirectoryReader reader;
    private IndexSearcher searcher;

    @BeforeEach
    void index() throws Exception {
        dir = new ByteBuffersDirectory();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
            ProcessFieldWriter fields = new ProcessFieldWriter();
            w.addDocument(segment(fields, A, 1, "notepad.exe", 100, List.of()));
            w.addDocument(segment(fields, B, 1, "chrome.exe", 200, List.of("www.carbonblack.com", "foo.com.au")));
            w.addDocument(segment(fields, F, 1, "chrome.exe", 300, List.of("www.google.com")));
            w.commit();
            w.addDocument(segment(fields, C, 1, "googleupdate.exe", 150, List.of("foo.com")));
            w.addDocument(segment(fields, D, 1, "cmd.exe", 250, List.of()));
            w.addDocument(segment(fields, F, 2, "chrome.exe", 400, List.of("www.bing.com")));
        }
        reader = DirectoryReader.open(dir);
        searcher = new IndexSearcher(reader);
        assertEquals(2, reader.leaves().size());
    }

    @AfterEach
    void close() throws Exception {
        reader.close();
        dir.close();
    }

    private static Document segment(
            ProcessFieldWriter fields, String guid, int segment, String name, long lastUpdate, List<String> domains) {
        Document doc = new Document();
        doc.add(new StringField("_uid", guid + "-" + String.format("%012x", segment), Field.Store.YES));
        doc.add(new StoredField("_json", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        fields.reset(doc)
                .guid("process_id", guid)
                .keyword("process_name", name)
                .datetime("last_update", lastUpdate)
                .domains(domains);
        return doc;
    }

    private static Query domain(String... tokens) {
        return new PhraseQuery("domain", tokens);
    }

    private static Query name(String n) {
        return new TermQuery(new Term("process_name", n));
    }

    @Test
    void comprehensiveAndFindsClausesInDifferentSegmentsAndReturnsEverySegment() throws Exception {
        HandBuilt h = new HandBuilt();
        FixedBitSet both = h.processes(searcher, domain("www.", ".google.", ".com"));
        both.and(h.processes(searcher, domain("www.", ".bing.", ".com")));
        HandBuilt.Answer a = h.segmentsOf(searcher, both);
        assertEquals(2, a.total());
        assertEquals(List.of(F + "-000000000002", F + "-000000000001"), a.page());
        // Per segment, the same AND finds nothing (vector 36, legacy).
        BooleanQuery perSegment = new BooleanQuery.Builder()
                .add(domain("www.", ".google.", ".com"), Occur.MUST)
                .add(domain("www.", ".bing.", ".com"), Occur.MUST)
                .build();
        assertEquals(0, HandBuilt.count(searcher, perSegment));
    }

    @Test
    void comprehensiveNotExcludesTheWholeProcess() throws Exception {
        HandBuilt h = new HandBuilt();
        FixedBitSet chrome = h.processes(searcher, name("chrome.exe"));
        chrome.andNot(h.processes(searcher, domain("www.", ".bing.", ".com")));
        HandBuilt.Answer a = h.segmentsOf(searcher, chrome);
        assertEquals(List.of(B + "-000000000001"), a.page()); // vector 37: B, not F1
        assertEquals(1, a.total());
    }

    @Test
    void groupReturnsOneRowPerProcessItsNewestSegment() throws Exception {
        HandBuilt.Answer a = new HandBuilt().grouped(searcher, name("chrome.exe"));
        assertEquals(2, a.total());
        assertEquals(List.of(F + "-000000000002", B + "-000000000001"), a.page()); // vector 38: F2 for F
    }

    @Test
    void facetsCountSegments() throws Exception {
        HandBuilt.Answer a = HandBuilt.faceted(searcher, new MatchAllDocsQuery(), List.of("process_name"));
        assertEquals(6, a.total());
        assertEquals(
                Map.of("chrome.exe", 3L, "notepad.exe", 1L, "googleupdate.exe", 1L, "cmd.exe", 1L),
                a.facets().get("process_name"));
        assertEquals(
                "chrome.exe", a.facets().get("process_name").keySet().iterator().next());
    }

    @Test
    void pageIsNewestFirstWithExactTotal() throws Exception {
        HandBuilt.Answer a = HandBuilt.page(searcher, new TermQuery(new Term("domain", ".com")));
        assertEquals(4, a.total()); // vector 20: B, C, F1, F2
        assertEquals(
                List.of(F + "-000000000002", F + "-000000000001", B + "-000000000001", C + "-000000000001"), a.page());
    }

    @Test
    void subPathPrefixesMatchAtComponentBoundaries() {
        assertEquals(true, HandBuilt.subPathStartsWith("c:/windows/system32/cmd.exe", "system"));
        assertEquals(true, HandBuilt.subPathStartsWith("c:/users/a/appdata/local/temp/x.exe", "appdata/local/temp/"));
        assertEquals(false, HandBuilt.subPathStartsWith("c:/mysystem/cmd.exe", "system"));
    }
}
