package io.lampblack.server.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.search.query.QueryParser;
import io.lampblack.server.search.schema.ProcessSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HighlighterTest {

    private static Highlighter of(String q) {
        return new Highlighter(new QueryParser(ProcessSchema.INSTANCE).parse(q), ProcessSchema.INSTANCE);
    }

    private static String mark(String q, String field, String value) {
        return of(q).mark(new Highlighter.Value(field, value));
    }

    @Test
    void unfieldedTermMarksPathAndRegmodAsVectorOne() {
        assertEquals(
                "c:\\windows\\system32\\PREPREPREnotepad.exePOSTPOSTPOST",
                mark("notepad.exe", "path", "c:\\windows\\system32\\notepad.exe"));
        assertEquals(
                "\\registry\\user\\s-1-5-21-1\\software\\microsoft\\windows\\shell\\muicache\\c:\\windows\\system32\\PREPREPREnotepad.exePOSTPOSTPOST",
                mark(
                        "notepad.exe",
                        "regmod",
                        "\\registry\\user\\s-1-5-21-1\\software\\microsoft\\windows\\shell\\muicache\\c:\\windows\\system32\\notepad.exe"));
        assertEquals("PREPREPREnotepad.exePOSTPOSTPOST", mark("notepad.exe", "process_name", "notepad.exe"));
    }

    @Test
    void eachKindMatchesByItsOwnRules() {
        assertNull(mark("path:windows\\system32", "path", "c:\\windows\\system32\\cmd.exe"));
        assertEquals(
                "PREPREPREc:\\windows\\system32\\cmd.exePOSTPOSTPOST",
                mark("path:c:\\windows\\*", "path", "c:\\windows\\system32\\cmd.exe"));
        assertEquals(
                "\"C:\\Windows\\system32\\rundll32.exe\" PREPREPRE/dPOSTPOSTPOST srrstr.dll,ExecuteScheduledSPPC",
                mark(
                        "cmdline:/d",
                        "cmdline",
                        "\"C:\\Windows\\system32\\rundll32.exe\" /d srrstr.dll,ExecuteScheduledSPPC"));
        assertNull(mark("cmdline:d", "cmdline", "rundll32.exe /d x"));
        assertEquals(
                "PREPREPREwww.carbonblack.comPOSTPOSTPOST",
                mark("domain:www.carbonblack.com", "domain", "www.carbonblack.com"));
        // Reference §2.1: a multi-label term anchors its outer labels, so it does not match a longer name.
        assertNull(mark("domain:carbonblack.com", "domain", "www.carbonblack.com"));
        assertNull(mark("domain:com.", "domain", "foo.com"));
        assertEquals("foo.PREPREPREcomPOSTPOSTPOST", mark("domain:.com", "domain", "foo.com"));
        assertEquals(
                "WIN-5IKQDNF9GO1\\PREPREPREbobPOSTPOSTPOST", mark("username:bob", "username", "WIN-5IKQDNF9GO1\\bob"));
        assertNull(mark("-process_name:cmd.exe", "process_name", "cmd.exe"));
        assertNull(mark("netconn_count:[1 TO *]", "process_name", "cmd.exe"));
    }

    @Test
    void textFieldsOfBinariesMatchByWord() {
        var catalog = io.lampblack.server.search.schema.BinarySchema.INSTANCE;
        Highlighter h = new Highlighter(
                new QueryParser(catalog).parse("digsig_publisher:oracle product_name:\"java(tm) platform\""), catalog);
        assertEquals(
                "PREPREPREOraclePOSTPOSTPOST America, Inc.", h.markValue("digsig_publisher", "Oracle America, Inc."));
        // Each matched word is wrapped on its own, as Solr's highlighter does.
        assertEquals(
                "PREPREPREJavaPOSTPOSTPOST(PREPREPRETMPOSTPOSTPOST) PREPREPREPlatformPOSTPOSTPOST SE 7",
                h.markValue("product_name", "Java(TM) Platform SE 7"));
        assertNull(h.markValue("digsig_publisher", "Oracular Software"));
    }

    @Test
    void wildcardsMatchWholeValues() {
        assertTrue(Highlighter.matches("a*b", "axxb"));
        assertFalse(Highlighter.matches("a*b", "axxbc"));
        assertTrue(Highlighter.matches("*.exe", "cmd.exe"));
        assertTrue(Highlighter.matches("c?d", "cmd"));
        assertFalse(Highlighter.matches("c?d", "cd"));
        assertTrue(Highlighter.matches("a**", "a"));
        assertFalse(Highlighter.matches("a*a*a*a*a*a*a*a*b", "a".repeat(5000)));
    }

    @Test
    void entriesListTheRowsHoldingEachMarkedValue() {
        Highlighter h = of("process_name:chrome.exe");
        Map<String, List<Highlighter.Value>> rows = new LinkedHashMap<>();
        rows.put("a-1", List.of(new Highlighter.Value("process_name", "chrome.exe")));
        rows.put("a-2", List.of(new Highlighter.Value("process_name", "chrome.exe")));
        rows.put("b-1", List.of(new Highlighter.Value("process_name", "cmd.exe")));
        var out = h.highlight(rows);
        assertEquals(1, out.size());
        assertEquals("PREPREPREchrome.exePOSTPOSTPOST", out.getFirst().get("name"));
        assertEquals(List.of("a-1", "a-2"), out.getFirst().get("ids"));
        assertTrue(of("-x").isEmpty());
    }
}
