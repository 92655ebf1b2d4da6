package io.lampblack.server.lucene.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lampblack.server.search.schema.PathNormalizer;
import io.lampblack.server.search.schema.ProcessFields;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

class PathVocabularyTest {

    private static void learn(PathVocabulary v, String field, String normalizedPath) {
        char[] c = normalizedPath.toCharArray();
        v.learn(field, c, 0, c.length);
    }

    /** The whole paths a resolved clause stands for (its TermInSetQuery part). */
    private static Set<String> paths(java.util.Optional<Query> resolved) throws java.io.IOException {
        Set<String> out = new TreeSet<>();
        Query q = resolved.orElseThrow();
        if (q instanceof org.apache.lucene.search.BooleanQuery b) {
            for (var c : b.clauses()) {
                if (c.query() instanceof TermInSetQuery t) {
                    var it = t.getBytesRefIterator();
                    for (var r = it.next(); r != null; r = it.next()) out.add(r.utf8ToString());
                }
            }
        }
        return out;
    }

    /** The normalised form the writer hands to the vocabulary (lower case, '/' separators). */
    private static String norm(String path) {
        return PathNormalizer.forFiles().normalized(path);
    }

    @Test
    void subPathQueriesResolveToTheWholePathsOfThatFieldOnly() throws Exception {
        try (var dir = new ByteBuffersDirectory();
                PathVocabulary v = new PathVocabulary(dir)) {
            String evil = norm("c:\\users\\mallory\\appdata\\local\\temp\\evil.dll");
            String notepad = norm("c:\\windows\\system32\\notepad.exe");
            learn(v, "filemod", evil);
            learn(v, "modload", evil);
            learn(v, "filemod", notepad);
            learn(v, "filemod", evil); // known: no second entry
            v.refresh();
            assertEquals(3, v.size());
            assertEquals(
                    Set.of(evil),
                    paths(v.resolve("filemod", new TermQuery(new Term("filemod", norm("temp\\evil.dll"))), 100)));
            assertEquals(
                    Set.of(evil, notepad),
                    paths(v.resolve("filemod", new WildcardQuery(new Term("filemod", "c:*")), 100)));
            assertEquals(Set.of(evil), paths(v.resolve("modload", new WildcardQuery(new Term("modload", "c:*")), 100)));
            assertEquals(Set.of(), paths(v.resolve("regmod", new TermQuery(new Term("regmod", "evil.dll")), 100)));
            // a prefix of components is not a sub-path
            assertEquals(
                    Set.of(),
                    paths(v.resolve("filemod", new TermQuery(new Term("filemod", norm("windows\\system32"))), 100)));
            // the guard against clauses that match too many distinct paths
            assertEquals(
                    java.util.Optional.empty(), v.resolve("filemod", new WildcardQuery(new Term("filemod", "c:*")), 1));
        }
    }

    @Test
    void knownPathsSurviveReopening() throws Exception {
        try (var dir = new ByteBuffersDirectory()) {
            String p = norm("c:\\windows\\system32\\kernel32.dll");
            try (PathVocabulary v = new PathVocabulary(dir)) {
                learn(v, "modload", p);
                v.commit();
            }
            try (PathVocabulary v = new PathVocabulary(dir)) {
                assertEquals(1, v.size());
                learn(v, "modload", p);
                assertEquals(1, v.size(), "a path learnt before the restart is not added again");
                v.refresh();
                assertEquals(
                        Set.of(p),
                        paths(v.resolve("modload", new TermQuery(new Term("modload", "kernel32.dll")), 100)));
            }
        }
    }

    @Test
    void hashesSpreadFieldAndPath() {
        // field and path are separated: ("x", "ab") is not ("", "xab")
        char[] a = "ab".toCharArray();
        assertEquals(PathVocabulary.hash("x", a, 0, 2), PathVocabulary.hash("x", a, 0, 2));
        org.junit.jupiter.api.Assertions.assertNotEquals(
                PathVocabulary.hash("x", a, 0, 2), PathVocabulary.hash("y", a, 0, 2));
        char[] b = "xab".toCharArray();
        org.junit.jupiter.api.Assertions.assertNotEquals(
                PathVocabulary.hash("", b, 0, 3), PathVocabulary.hash("x", a, 0, 2));
    }

    @Test
    void pathsTooLongForOneTermAreStillFoundBySubPath() throws Exception {
        try (var vocabDir = new ByteBuffersDirectory();
                var segDir = new ByteBuffersDirectory();
                PathVocabulary v = new PathVocabulary(vocabDir)) {
            String deep = "c:\\" + "d\\".repeat(4500) + "evil.dll"; // 9000+ characters: over the term limit whole
            ProcessFieldWriter w = new ProcessFieldWriter(v);
            try (var iw =
                    new org.apache.lucene.index.IndexWriter(segDir, new org.apache.lucene.index.IndexWriterConfig())) {
                var doc = new org.apache.lucene.document.Document();
                w.reset(doc).path(ProcessFields.FILEMOD, deep);
                iw.addDocument(doc);
                var doc2 = new org.apache.lucene.document.Document();
                w.reset(doc2).path(ProcessFields.FILEMOD, "c:\\windows\\evil.dll");
                iw.addDocument(doc2);
            }
            v.refresh();
            try (var r = org.apache.lucene.index.DirectoryReader.open(segDir)) {
                var searcher = new org.apache.lucene.search.IndexSearcher(r);
                Query q = v.resolve("filemod", new TermQuery(new Term("filemod", "evil.dll")), 100)
                        .orElseThrow();
                assertEquals(
                        2,
                        searcher.count(q),
                        "the short path through the vocabulary, the deep one by its own sub-paths");
                assertEquals(1, v.size(), "the deep path is not in the vocabulary");
            }
        }
    }
}
