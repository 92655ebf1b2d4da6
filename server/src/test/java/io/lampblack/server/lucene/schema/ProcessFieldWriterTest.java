package io.lampblack.server.lucene.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.search.schema.ProcessFields;
import io.lampblack.server.search.schema.ProcessSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class ProcessFieldWriterTest {

    private final ProcessFieldWriter writer = new ProcessFieldWriter();

    /** Indexes one document per filler and returns a reader over them. */
    @SafeVarargs
    private DirectoryReader index(Consumer<ProcessFieldWriter>... fillers) throws IOException {
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter index = new IndexWriter(directory, new IndexWriterConfig())) {
            for (Consumer<ProcessFieldWriter> filler : fillers) {
                Document doc = new Document();
                filler.accept(writer.reset(doc));
                index.addDocument(doc);
            }
        }
        return DirectoryReader.open(directory);
    }

    private static Set<String> terms(DirectoryReader reader, String field) throws IOException {
        Set<String> out = new TreeSet<>();
        Terms terms = MultiTerms.getTerms(reader, field);
        if (terms == null) {
            return out;
        }
        TermsEnum it = terms.iterator();
        for (BytesRef term = it.next(); term != null; term = it.next()) {
            out.add(term.utf8ToString());
        }
        return out;
    }

    @Test
    void pathsBecomeDistinctSubPathTermsOnceEach() throws IOException {
        try (DirectoryReader reader = index(w -> w.path(
                ProcessFields.MODLOAD, List.of("c:\\a\\b.exe", "D:/x/B.EXE", "C:\\A\\B.EXE", "\\\\c:\\a\\\\b.exe")))) {
            assertEquals(Set.of("c:/a/b.exe", "a/b.exe", "b.exe", "d:/x/b.exe", "x/b.exe"), terms(reader, "modload"));
            LeafReader leaf = reader.leaves().getFirst().reader();
            // DOCS only: no positions or frequencies are stored for path terms.
            assertEquals(
                    org.apache.lucene.index.IndexOptions.DOCS,
                    leaf.getFieldInfos().fieldInfo("modload").getIndexOptions());
        }
    }

    @Test
    void regmodFoldsControlSets() throws IOException {
        try (DirectoryReader reader = index(w -> w.regmod("\\registry\\machine\\system\\ControlSet001\\services"))) {
            assertEquals(
                    Set.of(
                            "registry/machine/system/currentcontrolset/services",
                            "machine/system/currentcontrolset/services",
                            "system/currentcontrolset/services",
                            "currentcontrolset/services",
                            "services"),
                    terms(reader, "regmod"));
        }
    }

    @Test
    void unionAndCopyFieldsAreFilledByTheWriter() throws IOException {
        try (DirectoryReader reader = index(w -> w.md5(ProcessFields.PROCESS_MD5, "AAAA")
                .md5(ProcessFields.FILEWRITE_MD5, "bbbb")
                .md5(ProcessFields.CROSSPROC_MD5, "cccc")
                .username("WIN-X\\Alice")
                .path(ProcessFields.PATH, "C:\\Windows\\x.exe"))) {
            // md5 is a query-time union of the hash fields: it has no terms of its own.
            assertEquals(Set.of(), terms(reader, "md5"));
            assertEquals(Set.of("aaaa"), terms(reader, "process_md5"));
            assertEquals(Set.of("win-x\\alice", "alice"), terms(reader, "username"));
            assertEquals(Set.of("win-x\\alice"), terms(reader, "username_full"));
            assertEquals(Set.of("c:\\windows\\x.exe"), terms(reader, "path_full"));
            // Fields with doc values (process_md5, path_full, username_full) are found through those, not presence
            // terms.
            assertEquals(
                    Set.of("crossproc_md5", "filewrite_md5", "path", "username"), terms(reader, ProcessFields.PRESENT));
            IndexSearcher searcher = new IndexSearcher(reader);
            for (String dv : List.of("process_md5", "path_full", "username_full")) {
                assertEquals(1, searcher.count(new org.apache.lucene.search.FieldExistsQuery(dv)), dv);
            }
        }
    }

    @Test
    void facetDocValuesKeepTheReportedValue() throws IOException {
        try (DirectoryReader reader = index(w -> w.keyword(ProcessFields.HOSTNAME, "WIN-5IKQDNF9GO1"))) {
            SortedSetDocValues values = reader.leaves().getFirst().reader().getSortedSetDocValues("hostname");
            assertTrue(values.advanceExact(0));
            assertEquals("WIN-5IKQDNF9GO1", values.lookupOrd(values.nextOrd()).utf8ToString());
            assertEquals(Set.of("win-5ikqdnf9go1"), terms(reader, "hostname"));
        }
    }

    @Test
    void commandLinesArePositionalWithAGapBetweenValues() throws IOException {
        try (DirectoryReader reader =
                index(w -> w.cmdline("a.exe b").cmdline("c d").cmdline("A.EXE B"))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            assertEquals(1, searcher.count(new PhraseQuery("cmdline", "a.exe", "b")));
            assertEquals(1, searcher.count(new PhraseQuery("cmdline", ".exe", "b")));
            assertEquals(1, searcher.count(new PhraseQuery("cmdline", "c", "d")));
            assertEquals(0, searcher.count(new PhraseQuery("cmdline", "b", "c")));
        }
    }

    @Test
    void domainsArePositionalAnchoredLabels() throws IOException {
        try (DirectoryReader reader =
                index(w -> w.domains(List.of("www.google.com", "WWW.GOOGLE.COM", "foo.com.au")))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            assertEquals(1, searcher.count(new PhraseQuery("domain", "www.", ".google.", ".com")));
            assertEquals(0, searcher.count(new PhraseQuery("domain", ".com", "foo.")));
            assertEquals(1, searcher.count(new TermQuery(new Term("domain", ".com."))));
        }
    }

    @Test
    void numbersSortAndMultiValuedPointsAreDeduplicated() throws IOException {
        try (DirectoryReader reader = index(
                w -> w.count(ProcessFields.NETCONN_COUNT, 3)
                        .ipv4(ProcessFields.IPADDR, 0x0A000001)
                        .ipv4(ProcessFields.IPADDR, 0x0A000001)
                        .ipv4(ProcessFields.IPADDR, 0xC0A8010A)
                        .integer(ProcessFields.IPPORT, 80)
                        .integer(ProcessFields.IPPORT, 80),
                w -> w.count(ProcessFields.NETCONN_COUNT, 12).datetime(ProcessFields.START, 5L))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            Sort byCount = new Sort(
                    SortFields.of(ProcessSchema.INSTANCE.field("netconn_count").orElseThrow(), true));
            TopDocs top = searcher.search(new MatchAllDocsQuery(), 10, byCount);
            assertEquals(1, top.scoreDocs[0].doc);
            assertEquals(
                    2,
                    reader.leaves().getFirst().reader().getPointValues("ipaddr").size());
            assertEquals(
                    1,
                    reader.leaves().getFirst().reader().getPointValues("ipport").size());
            assertEquals(1, searcher.count(Ipv4Encoding.rangeQuery("ipaddr", 0xC0A80100, 0xC0A801FF)));
        }
    }

    @Test
    void reusesFieldsAcrossDocumentsWithoutLeakingValues() throws IOException {
        Document first = new Document();
        writer.reset(first).path(ProcessFields.FILEMOD, "c:\\one.txt").count(ProcessFields.FILEMOD_COUNT, 1);
        Document second = new Document();
        writer.reset(second).path(ProcessFields.FILEMOD, "c:\\two.txt").count(ProcessFields.FILEMOD_COUNT, 2);
        // The same field objects (and their buffers) serve every document of this writer.
        assertSame(first.getField("filemod"), second.getField("filemod"));
        try (DirectoryReader reader = index(
                w -> w.path(ProcessFields.FILEMOD, "c:\\one.txt").keyword(ProcessFields.PROCESS_NAME, "one"),
                w -> w.path(ProcessFields.FILEMOD, "c:\\two.txt"))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            assertEquals(1, searcher.count(new TermQuery(new Term("filemod", "one.txt"))));
            assertEquals(1, searcher.count(new TermQuery(new Term("filemod", "two.txt"))));
            assertEquals(1, searcher.count(new org.apache.lucene.search.FieldExistsQuery("process_name")));
            assertEquals(2, searcher.count(new TermQuery(new Term(ProcessFields.PRESENT, "filemod"))));
        }
    }

    @Test
    void aDocumentCanBeConsumedTwiceBeforeTheNextReset() throws IOException {
        Document doc = new Document();
        writer.reset(doc)
                .path(ProcessFields.MODLOAD, "c:\\a\\b.dll")
                .cmdline("x y")
                .domain("a.b");
        for (int round = 0; round < 2; round++) {
            ByteBuffersDirectory directory = new ByteBuffersDirectory();
            try (IndexWriter index = new IndexWriter(directory, new IndexWriterConfig())) {
                index.addDocument(doc);
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertEquals(Set.of("c:/a/b.dll", "a/b.dll", "b.dll"), terms(reader, "modload"));
                assertEquals(Set.of("x", "y"), terms(reader, "cmdline"));
            }
        }
    }

    private static DirectoryReader indexDocument(Document doc) throws IOException {
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter index = new IndexWriter(directory, new IndexWriterConfig())) {
            index.addDocument(doc);
        }
        return DirectoryReader.open(directory);
    }

    @Test
    void oversizedTermsAreSkippedNotFatal() throws IOException {
        String huge = "x".repeat(TermSet.MAX_TERM_CHARS + 1);
        try (DirectoryReader reader = index(w -> w.path(ProcessFields.FILEMOD, "c:\\" + huge + "\\y.txt")
                .cmdline("a " + huge + " b")
                .keyword(ProcessFields.PROCESS_NAME, huge))) {
            assertEquals(Set.of("y.txt"), terms(reader, "filemod"));
            assertEquals(Set.of("a", "b"), terms(reader, "cmdline"));
            assertEquals(1, reader.numDocs());
        }
    }

    @Test
    void refusesMisuse() {
        Document doc = new Document();
        ProcessFieldWriter fresh = new ProcessFieldWriter();
        assertThrows(IllegalStateException.class, () -> fresh.keyword(ProcessFields.PROCESS_NAME, "x"));
        writer.reset(doc);
        assertThrows(IllegalArgumentException.class, () -> writer.keyword(ProcessFields.PATH, "c:\\x"));
        assertThrows(IllegalArgumentException.class, () -> writer.path(ProcessFields.PROCESS_NAME, "c:\\x"));
        assertThrows(IllegalArgumentException.class, () -> writer.keyword("no_such_field", "x"));
        assertThrows(IllegalArgumentException.class, () -> writer.count(ProcessFields.START, 1));
        assertThrows(IllegalArgumentException.class, () -> writer.integer(ProcessFields.HOUR_OF_DAY, 3));
        writer.count(ProcessFields.MODLOAD_COUNT, 1);
        assertThrows(IllegalStateException.class, () -> writer.count(ProcessFields.MODLOAD_COUNT, 2));
    }

    /**
     * A workload shaped like ingest (segments of ~20 events with deep, overlapping paths) run
     * through the real writer and index. It checks the result, never the time: the printed rate
     * is for a human; the benchmark belongs in bench/.
     */
    @Test
    void ingestShapedWorkloadIndexesCorrectly() throws IOException {
        int segments = 2_000;
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            paths.add("c:\\users\\user" + (i % 7) + "\\appdata\\local\\temp\\dir" + (i % 13) + "\\file" + i + ".dll");
        }
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        long started = System.nanoTime();
        try (IndexWriter index = new IndexWriter(directory, new IndexWriterConfig().setRAMBufferSizeMB(64))) {
            Document doc = new Document();
            for (int s = 0; s < segments; s++) {
                doc.clear();
                writer.reset(doc)
                        .keyword(ProcessFields.PROCESS_NAME, "proc" + (s % 50) + ".exe")
                        .path(ProcessFields.PATH, "c:\\windows\\system32\\proc" + (s % 50) + ".exe")
                        .cmdline("proc.exe /c run " + s);
                for (int e = 0; e < 20; e++) {
                    String path = paths.get((s * 20 + e) % paths.size());
                    writer.path(e % 2 == 0 ? ProcessFields.MODLOAD : ProcessFields.FILEMOD, path)
                            .ipv4(ProcessFields.IPADDR, 0x0A000000 | (e % 5))
                            .domain("host" + (e % 3) + ".example.com");
                }
                writer.count(ProcessFields.MODLOAD_COUNT, 10).datetime(ProcessFields.START, s);
                index.addDocument(doc);
            }
        }
        long elapsedNanos = System.nanoTime() - started;
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            assertEquals(segments, reader.numDocs());
            int expectedFile0Modloads = 0;
            for (int s = 0; s < segments; s++) {
                for (int e = 0; e < 20; e += 2) {
                    if ((s * 20 + e) % paths.size() == 0) {
                        expectedFile0Modloads++;
                        break;
                    }
                }
            }
            assertEquals(expectedFile0Modloads, searcher.count(new TermQuery(new Term("modload", "file0.dll"))));
            assertEquals(segments, searcher.count(new TermQuery(new Term("domain", ".example."))));
            assertEquals(segments / 50, searcher.count(new TermQuery(new Term("path", "windows/system32/proc7.exe"))));
        }
        System.out.printf(
                "ProcessFieldWriter workload: %d segments x 20 events in %d ms (information only)%n",
                segments, elapsedNanos / 1_000_000);
    }
}
