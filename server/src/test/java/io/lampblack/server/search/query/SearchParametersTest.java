package io.lampblack.server.search.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.search.query.QueryNode.And;
import io.lampblack.server.search.query.QueryNode.Exists;
import io.lampblack.server.search.query.QueryNode.FieldGroup;
import io.lampblack.server.search.query.QueryNode.MatchAll;
import io.lampblack.server.search.query.QueryNode.Or;
import io.lampblack.server.search.query.QueryNode.Phrase;
import io.lampblack.server.search.query.QueryNode.Range;
import io.lampblack.server.search.query.QueryNode.Term;
import io.lampblack.server.search.schema.ProcessSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchParametersTest {

    private final QueryParser parser = new QueryParser(ProcessSchema.INSTANCE);

    private QueryNode query(Map<String, List<String>> parameters) {
        return SearchParameters.from(parameters).toQuery(parser);
    }

    @Test
    void absentOrBlankQueryMatchesEverything() {
        assertEquals(new MatchAll(), query(Map.of()));
        assertEquals(new MatchAll(), query(Map.of("q", List.of(""))));
        assertEquals(new MatchAll(), query(Map.of("q", List.of(" "), "rows", List.of("10"))));
    }

    @Test
    void criteriaAreAndedWithTheQueryAsSingleClauses() {
        // Vector 39.
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("cb.urlver", List.of("1"));
        parameters.put("q", List.of("process_name:cmd.exe"));
        parameters.put("cb.q.filemod", List.of("appdata\\local\\temp\\evil.dll"));
        assertEquals(
                new And(List.of(
                        Term.of("process_name", "cmd.exe"), Term.of("filemod", "appdata\\local\\temp\\evil.dll"))),
                query(parameters));
    }

    @Test
    void aCriterionValueIsOneClauseEvenWithSpaces() {
        assertEquals(Term.of("group", "Default Group"), query(Map.of("cb.q.group", List.of("Default Group"))));
        assertEquals(Term.of("start", "-1440m"), query(Map.of("cb.q.start", List.of("-1440m"))));
        assertEquals(
                Term.of("path", "c:\\program files (x86)\\x.exe"),
                query(Map.of("cb.q.path", List.of("c:\\program\\ files (x86)\\x.exe"))));
        assertEquals(
                Phrase.of("digsig_result", "Invalid Chain"),
                query(Map.of("cb.q.digsig_result", List.of("\"Invalid Chain\""))));
        assertEquals(
                Range.inclusive("netconn_count", Optional.of("10"), Optional.empty()),
                query(Map.of("cb.q.netconn_count", List.of("[10 TO *]"))));
        assertEquals(new Exists("domain"), query(Map.of("cb.q.domain", List.of("*"))));
        assertEquals(
                new FieldGroup(
                        "process_name", new Or(List.of(Term.of("process_name", "a"), Term.of("process_name", "b")))),
                query(Map.of("cb.q.process_name", List.of("(a OR b)"))));
    }

    @Test
    void facetFiltersOfOneFieldAreOredAndAndedWithTheRest() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("q", List.of("notepad.exe"));
        parameters.put("cb.fq.hostname", List.of("dc01", "win-5ikqdnf9go1"));
        parameters.put("cb.fq.group", List.of("Default Group"));
        assertEquals(
                new And(List.of(
                        Term.unfielded("notepad.exe"),
                        new Or(List.of(Term.of("hostname", "dc01"), Term.of("hostname", "win-5ikqdnf9go1"))),
                        Term.of("group", "Default Group"))),
                query(parameters));
    }

    @Test
    void unknownFieldsAndMalformedValuesAreRejected() {
        QuerySyntaxException unknown =
                assertThrows(QuerySyntaxException.class, () -> query(Map.of("cb.q.nosuchfield", List.of("x"))));
        assertTrue(unknown.getMessage().contains("nosuchfield"), unknown.getMessage());
        assertThrows(QuerySyntaxException.class, () -> query(Map.of("cb.q.start", List.of("[1 TO 2"))));
        assertThrows(QuerySyntaxException.class, () -> query(Map.of("cb.q.path", List.of("\"a\" b"))));
        assertThrows(QuerySyntaxException.class, () -> query(Map.of("q", List.of("(a"))));
    }

    @Test
    void blankCriteriaAreIgnored() {
        assertEquals(Term.unfielded("a"), query(Map.of("q", List.of("a"), "cb.q.hostname", List.of(""))));
    }
}
