package io.lampblack.server.search.schema;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class PathVocabularyTest {

    private static void learn(PathVocabulary v, String field, String normalizedPath) {
        char[] c = normalizedPath.toCharArray();
        v.learn(field, c, 0, c.length);
    }

    private static Set<String> paths(Query resolved) throws java.io.IOException {
        Set<String> out = new TreeSet<>();
        if (resolved instanceof TermInSetQuery t) {
            var it = t.getBytesRefIterator();
            for (var b = it.next(); b != null; b = it.next()) out.add(b.utf8ToString());
        }
        return out;
    }

    /** The normalised form the writer hands to the vocabulary (lower case, '/' separators). */
    private static String norm(String path) {
        return PathNormalizer.forFiles().normalized(path);
    }

    @Test
    void subPathQueriesResolveToTheWholePathsOfThatFieldOnly() throws Exception {
        try (var dir = new ByteBuffersDirectory(); PathVocabulary v = new PathVocabulary(dir)) {
            String evil = norm("c:\\users\\mallory\\appdata\\local\\temp\\evil.dll");
            String notepad = norm("c:\\windows\\system32\\notepad.exe");
            learn(v, "filemod", evil);
            learn(v, "modload", evil);
            learn(v, "filemod", notepad);
            learn(v, "filemod", evil); // known: no second entry
            v.refresh();
            assertEquals(3, v.size());
            assertEquals(Set.of(evil), paths(v.resolve("filemod", new TermQuery(new Term("filemod", norm("temp\\evil.dll"))))));
            assertEquals(Set.of(evil, notepad), paths(v.resolve("filemod", new WildcardQuery(new Term("filemod", "c:*")))));
            assertEquals(Set.of(evil), paths(v.resolve("modload", new WildcardQuery(new Term("modload", "c:*")))));
            assertInstanceOf(MatchNoDocsQuery.class, v.resolve("regmod", new TermQuery(new Term("regmod", "evil.dll"))));
            // a prefix of components is not a sub-path
            assertInstanceOf(MatchNoDocsQuery.class, v.resolve("filemod", new TermQuery(new Term("filemod", norm("windows\\system32")))));
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
                assertEquals(Set.of(p), paths(v.resolve("modload", new TermQuery(new Term("modload", "kernel32.dll")))));
            }
        }
    }

    @Test
    void hashesSpreadFieldAndPath() {
        // field and path are separated: ("x", "ab") is not ("", "xab")
        char[] a = "ab".toCharArray();
        assertEquals(PathVocabulary.hash("x", a, 0, 2), PathVocabulary.hash("x", a, 0, 2));
        org.junit.jupiter.api.Assertions.assertNotEquals(PathVocabulary.hash("x", a, 0, 2), PathVocabulary.hash("y", a, 0, 2));
        char[] b = "xab".toCharArray();
        org.junit.jupiter.api.Assertions.assertNotEquals(PathVocabulary.hash("", b, 0, 3), PathVocabulary.hash("x", a, 0, 2));
    }
}
