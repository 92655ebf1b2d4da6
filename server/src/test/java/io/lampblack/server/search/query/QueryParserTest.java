package io.lampblack.server.search.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.search.query.QueryNode.And;
import io.lampblack.server.search.query.QueryNode.Exists;
import io.lampblack.server.search.query.QueryNode.FieldGroup;
import io.lampblack.server.search.query.QueryNode.MatchAll;
import io.lampblack.server.search.query.QueryNode.Not;
import io.lampblack.server.search.query.QueryNode.Or;
import io.lampblack.server.search.query.QueryNode.Phrase;
import io.lampblack.server.search.query.QueryNode.Range;
import io.lampblack.server.search.query.QueryNode.Term;
import io.lampblack.server.search.schema.ProcessSchema;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParserTest {

    private final QueryParser parser = new QueryParser(ProcessSchema.INSTANCE);

    private QueryNode parse(String q) {
        return parser.parse(q);
    }

    private static Term t(String text) {
        return Term.unfielded(text);
    }

    private static Term t(String field, String text) {
        return Term.of(field, text);
    }

    private static And and(QueryNode... clauses) {
        return new And(List.of(clauses));
    }

    private static Or or(QueryNode... clauses) {
        return new Or(List.of(clauses));
    }

    // ------------------------------------------------------------------ terms and fields

    @Test
    void deepNestingIsASyntaxErrorNotAStackOverflow() {
        assertEquals(t("x"), parse("(".repeat(150) + "x" + ")".repeat(150)));
        org.junit.jupiter.api.Assertions.assertThrows(
                QuerySyntaxException.class, () -> parse("(".repeat(20_000) + "x" + ")".repeat(20_000)));
        org.junit.jupiter.api.Assertions.assertThrows(
                QuerySyntaxException.class, () -> parse("-".repeat(20_000) + "x"));
    }

    @Test
    void aTermIsUnfielded() {
        assertEquals(t("svchost.exe"), parse("svchost.exe"));
        assertEquals(t("svchost.exe"), parse("  svchost.exe  "));
    }

    @Test
    void aKnownFieldScopesOneTerm() {
        assertEquals(t("process_name", "notepad.exe"), parse("process_name:notepad.exe"));
        // The field applies to the next term only.
        assertEquals(and(t("path", "microsoft"), t("office\\x.exe")), parse("path:microsoft office\\x.exe"));
    }

    @Test
    void fieldNamesAreCaseInsensitive() {
        assertEquals(t("process_name", "X"), parse("Process_Name:X"));
    }

    @Test
    void anUnknownNameBeforeAColonIsPartOfTheTerm() {
        assertEquals(t("c:\\program"), parse("c:\\program"));
        assertEquals(t("foo:bar"), parse("foo:bar"));
        assertEquals(t("http://example.com/a"), parse("http://example.com/a"));
    }

    @Test
    void vector7ParenthesesInsideAValueSplitTerms() {
        assertEquals(
                and(t("c:\\program"), t("files"), t("x86"), t("\\windows")), parse("c:\\program files (x86)\\windows"));
    }

    @Test
    void vector8QuotedMinusIsAPhraseNotANegation() {
        assertEquals(Phrase.unfielded("-system.exe"), parse("\"-system.exe\""));
        assertEquals(new Not(t("system.exe")), parse("-system.exe"));
    }

    @Test
    void dynamicFieldsAreRecognised() {
        assertEquals(
                Range.inclusive("alliance_score_virustotal", Optional.of("10"), Optional.empty()),
                parse("alliance_score_virustotal:[10 TO *]"));
        assertEquals(new Not(new Exists("alliance_score_srstrust")), parse("-alliance_score_srstrust:*"));
        assertEquals(
                Range.inclusive("watchlist_4", Optional.of("2014-04-01"), Optional.of("2014-09-30")),
                parse("watchlist_4:[2014-04-01 TO 2014-09-30]"));
        assertEquals(t("digsig_result_modload", "Unsigned"), parse("digsig_result_modload:Unsigned"));
        assertEquals(t("is_executable_image_filewrite", "false"), parse("is_executable_image_filewrite:false"));
        assertEquals(t("company_name", "microsoft"), parse("company_name:microsoft"));
        assertEquals(t("alliance_data_nvd", "x"), parse("alliance_data_nvd:x"));
        assertEquals(t("watchlist_x:1"), parse("watchlist_x:1"));
    }

    // ------------------------------------------------------------------ operators

    @Test
    void whitespaceAndAndAllMeanAnd() {
        And expected = and(t("a"), t("b"), t("c"));
        assertEquals(expected, parse("a b c"));
        assertEquals(expected, parse("a AND b and c"));
        assertEquals(expected, parse("a && b c"));
    }

    @Test
    void orInBothCases() {
        Or expected = or(t("a"), t("b"), t("c"));
        assertEquals(expected, parse("a OR b or c"));
        assertEquals(expected, parse("a || b OR c"));
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        assertEquals(or(and(t("a"), t("b")), t("c")), parse("a b OR c"));
        assertEquals(or(t("a"), and(t("b"), t("c"))), parse("a OR b AND c"));
        assertEquals(or(and(new Not(t("a")), t("b")), t("c")), parse("-a b OR c"));
        assertEquals(or(new Not(t("a")), t("b")), parse("NOT a OR b"));
    }

    @Test
    void notAndMinusNegateTermsPhrasesGroupsAndFields() {
        assertEquals(new Not(t("a")), parse("NOT a"));
        assertEquals(new Not(t("a")), parse("not a"));
        assertEquals(new Not(Phrase.unfielded("a b")), parse("-\"a b\""));
        assertEquals(new Not(or(t("a"), t("b"))), parse("-(a OR b)"));
        assertEquals(new Not(t("process_name", "x")), parse("-process_name:x"));
        assertEquals(new Not(new Not(t("a"))), parse("NOT -a"));
    }

    @Test
    void aMinusInsideATokenOrAtTheStartOfAValueIsLiteral() {
        assertEquals(t("hostname", "win-5ikqdnf9go1"), parse("hostname:win-5ikqdnf9go1"));
        assertEquals(t("00000001-0000-0e48-01d2-c2a397f4cfe0"), parse("00000001-0000-0e48-01d2-c2a397f4cfe0"));
        assertEquals(t("start", "-24h"), parse("start:-24h"));
    }

    @Test
    void operatorWordsAreValuesAfterAField() {
        assertEquals(and(t("process_name", "and"), t("process_name", "OR")), parse("process_name:and process_name:OR"));
        assertEquals(Phrase.unfielded("or"), parse("\"or\""));
    }

    @Test
    void leadingPlusIsIgnored() {
        assertEquals(and(t("a"), t("b")), parse("+a +b"));
    }

    @Test
    void parenthesesGroupAndNest() {
        assertEquals(
                and(or(t("process_name", "rundll32.exe"), t("process_name", "cmd.exe")), t("username", "system")),
                parse("(process_name:rundll32.exe OR process_name:cmd.exe) username:system"));
        assertEquals(and(t("a"), or(t("b"), and(t("c"), t("d")))), parse("a (b OR (c d))"));
        assertEquals(t("a"), parse("((a))"));
    }

    @Test
    void aFieldGroupDistributesTheFieldToItsLeaves() {
        FieldGroup group = assertInstanceOf(FieldGroup.class, parse("process_name:(chrome.exe OR -cmd.exe)"));
        assertEquals("process_name", group.field());
        assertEquals(or(t("process_name", "chrome.exe"), new Not(t("process_name", "cmd.exe"))), group.body());
        // An explicit field inside the group wins; * inside is existence.
        FieldGroup mixed = assertInstanceOf(FieldGroup.class, parse("path:(a hostname:b *)"));
        assertEquals(and(t("path", "a"), t("hostname", "b"), new Exists("path")), mixed.body());
    }

    // ------------------------------------------------------------------ phrases and escapes

    @Test
    void phrasesKeepWhitespaceAndUnescapeQuotes() {
        assertEquals(Phrase.of("product_name", "visual studio"), parse("product_name:\"visual studio\""));
        assertEquals(or(Phrase.unfielded("a b"), t("c")), parse("\"a b\" or c"));
        assertEquals(
                Phrase.of("cmdline", "\"c:\\program files (x86)\\google\\update\\googleupdate.exe\" /svc"),
                parse("cmdline:\"\\\"c:\\program files \\(x86\\)\\google\\update\\googleupdate.exe\\\" /svc\""));
    }

    @Test
    void backslashEscapesOnlySpaceParenthesesAndQuote() {
        assertEquals(
                t("path", "c:\\program files (x86)\\google\\update\\googleupdate.exe"),
                parse("path:c:\\program\\ files\\ \\(x86\\)\\google\\update\\googleupdate.exe"));
        assertEquals(t("path", "c:\\windows\\*"), parse("path:c:\\windows\\*"));
        assertEquals(t("cmdline", "\\\\test\\blah"), parse("cmdline:\\\\test\\blah"));
        assertEquals(
                t("regmod", "registry\\machine\\system\\currentcontrolset\\control\\deviceclasses\\{53f56307}\\*"),
                parse("regmod:registry\\machine\\system\\currentcontrolset\\control\\deviceclasses\\{53f56307}\\*"));
        assertEquals(t("a\"b"), parse("a\\\"b"));
        assertEquals(t("a(b)"), parse("a\\(b\\)"));
        assertEquals(t("\\AND"), parse("\\AND"));
        assertEquals(t("trailing\\"), parse("trailing\\"));
    }

    @Test
    void wildcardsStayInTheTerm() {
        Term term = assertInstanceOf(Term.class, parse("process_name:win*.ex?"));
        assertEquals("win*.ex?", term.text());
        assertTrue(term.hasWildcard());
    }

    // ------------------------------------------------------------------ ranges and existence

    @Test
    void rangesWithOpenEndsAndCaseInsensitiveTo() {
        assertEquals(
                Range.inclusive("netconn_count", Optional.of("10"), Optional.empty()),
                parse("netconn_count:[10 TO *]"));
        assertEquals(
                Range.inclusive("start", Optional.empty(), Optional.of("2011-12-31")),
                parse("start:[* TO 2011-12-31]"));
        assertEquals(
                Range.inclusive("start", Optional.of("2016-12-01T00:00:00"), Optional.of("2016-12-01T12:00:00")),
                parse("start:[2016-12-01T00:00:00 to 2016-12-01T12:00:00]"));
        assertEquals(
                new Range("modload_count", Optional.of("1"), Optional.of("5"), false, true),
                parse("modload_count:{1 TO 5]"));
        assertEquals(
                Range.inclusive("digsig_result", Optional.of("a b"), Optional.of("c")),
                parse("digsig_result:[\"a b\" TO c]"));
        assertEquals(
                and(Range.inclusive("netconn_count", Optional.of("1"), Optional.of("2")), t("x")),
                parse("netconn_count:[ 1  TO 2 ] x"));
    }

    @Test
    void fieldStarIsExistence() {
        assertEquals(new Exists("netconn_count"), parse("netconn_count:*"));
        assertEquals(t("process_name", "*.exe"), parse("process_name:*.exe"));
    }

    @Test
    void emptyQueryAndBareStarMatchEverything() {
        assertEquals(new MatchAll(), parse(""));
        assertEquals(new MatchAll(), parse("   "));
        assertEquals(new MatchAll(), parse("*"));
    }

    @Test
    void leavesAreListedLeftToRight() {
        QueryNode node = parse("a (process_name:b OR -c:\\x) path:(d e) start:[1 TO 2]");
        assertEquals(
                List.of(
                        t("a"),
                        t("process_name", "b"),
                        t("c:\\x"),
                        t("path", "d"),
                        t("path", "e"),
                        Range.inclusive("start", Optional.of("1"), Optional.of("2"))),
                node.leaves());
    }

    // ------------------------------------------------------------------ errors

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "(a b                          | '(' is never closed                     | 0",
                "a (b (c)                      | '(' is never closed                     | 2",
                "a b)                          | ')' has no matching '('                 | 3",
                ")                             | ')' has no matching '('                 | 0",
                "()                            | empty parentheses                       | 0",
                "a AND                         | AND is not followed by a term           | 2",
                "a OR                          | OR is not followed by a term            | 2",
                "a OR OR b                     | OR is not followed by a term            | 2",
                "a AND OR b                    | AND is not followed by a term           | 2",
                "OR a                          | OR has no term before it                | 0",
                "AND                           | AND has no term before it               | 0",
                "NOT                           | NOT is not followed by a term           | 0",
                "a NOT                         | NOT is not followed by a term           | 2",
                "a -                           | '-' must be directly followed           | 2",
                "-(a) -)                       | '-' is not followed by a term           | 5",
                "\"\"                            | empty phrase                            | 0",
                "process_name:\"  \"            | empty phrase                            | 13",
                "\"abc                          | phrase is not closed                    | 0",
                "process_name:                 | 'process_name:' has no value            | 12",
                "process_name: x               | 'process_name:' has no value            | 12",
                "process_name:)                | 'process_name:' has no value            | 12",
                "start:[1 5]                   | expects 'TO'                            | 6",
                "start:[1 TO 5                 | not closed with ']'                     | 6",
                "start:[1 TO                   | not closed with ']'                     | 6",
                "start:[1 TO 5 6]              | not closed with ']'                     | 6",
                "start:[1]                     | expects 'TO'                            | 6",
                "start:[TO 5]                  | expects 'TO'                            | 6",
                "path:(a                       | '(' is never closed                     | 5",
                "path:()                       | empty parentheses                       | 5",
            })
    void errorsSayWhatAndWhere(String query, String what, int where) {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> parse(query.strip()));
        assertTrue(e.getMessage().contains(what), e.getMessage());
        assertEquals(where, e.position().orElseThrow(), e.getMessage());
    }
}
