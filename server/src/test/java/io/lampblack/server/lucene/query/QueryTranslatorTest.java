package io.lampblack.server.lucene.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.search.query.QueryParser;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.query.SearchParameters;
import io.lampblack.server.search.schema.ProcessSchema;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reference §6 vectors run against the §6.1 fixture, indexed through the real writer. */
class QueryTranslatorTest {

    /** "NOW" of vector 30. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2016-12-02T06:00:00Z"), ZoneOffset.UTC);

    private static ProcessFixture fixture;
    private final QueryParser parser = new QueryParser(ProcessSchema.INSTANCE);
    // Path clauses resolve through the fixture's path vocabulary, as in the process index.
    private final QueryTranslator translator = QueryTranslator.forProcesses(CLOCK, false, fixture.paths());

    @BeforeAll
    static void index() throws IOException {
        fixture = new ProcessFixture();
    }

    @AfterAll
    static void close() throws IOException {
        fixture.close();
    }

    private Set<String> search(String q) throws IOException {
        return fixture.ids(translator.translate(parser.parse(q)));
    }

    private static Set<String> ids(String csv) {
        return csv.isBlank() ? Set.of() : Set.of(csv.split(" "));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                // 1-6: terms, keywords, booleans
                "notepad.exe                                                           | A",
                "process_name:NOTEPAD.EXE                                              | A",
                "process_name:note*.exe                                                | A",
                "process_name:chrome.exe or process_name:cmd.exe                       | B D F1 F2",
                "hostname:win-5ikqdnf9go1 -process_name:chrome.exe                     | A C D",
                "(process_name:rundll32.exe OR process_name:cmd.exe) username:system   | E",
                // 9-16: paths
                "path:notepad.exe                                                      | A",
                "path:windows\\system32                                                 | ''",
                "path:c:\\windows\\*                                                     | A D E",
                "path:system*                                                          | A D E",
                "path:\"c:\\program files (x86)\\google\\update\\googleupdate.exe\"         | C",
                "path:c:\\program\\ files\\ \\(x86\\)\\google\\update\\googleupdate.exe      | C",
                "modload:kernel32.dll                                                  | A",
                "modload:c:\\users\\mallory\\appdata\\local\\temp\\evil.dll                 | E",
                "filemod:appdata\\local\\temp\\evil.dll                                    | D",
                // 18: regmod control sets
                "regmod:registry\\machine\\system\\currentcontrolset\\control\\deviceclasses\\* | C",
                // 19-24: domains
                "domain:www.carbonblack.com                                            | B",
                "domain:.com                                                           | B C F1 F2",
                "domain:.com.                                                          | B",
                "domain:foo.                                                           | B C",
                "domain:foo.com                                                        | C",
                "domain:com.                                                           | ''",
                // 25-27: addresses
                "ipaddr:192.168.1.0/24                                                 | B",
                "ipaddr:127.0.0.1                                                      | C",
                "ipv6addr:fe00:b9:266:2011::0/64                                       | D",
                // 28-30: counts and times
                "netconn_count:[10 TO *]                                               | B",
                "start:[2016-12-01T00:00:00 TO 2016-12-01T12:00:00]                    | C",
                "start:-10h                                                            | D E",
                // 31-32: command lines
                "cmdline:/d                                                            | E",
                "cmdline:d                                                             | ''",
                "cmdline:.dll                                                          | E",
                "cmdline:execute*                                                      | E",
                "cmdline:\\\\test\\blah                                                  | D",
                // 33-34: relations and the md5 union
                "childproc_name:cmd.exe                                                | B",
                "parent_name:chrome.exe                                                | D",
                "md5:0123456789abcdef0123456789abcdef                                  | D E",
            })
    void referenceVectors(String query, String expected) throws IOException {
        assertEquals(ids(expected), search(query.strip()));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "username:alice                                          | A",
                "username:WIN-5IKQDNF9GO1\\alice                          | A",
                "username:bob                                            | B F1 F2",
                "group:\"Default Group\"                                  | A B C D F1 F2",
                "group:default                                           | ''",
                "host_type:DOMAIN_CONTROLLER                             | E",
                "terminated:FALSE                                        | A B C D E F1 F2",
                "terminated:true                                         | ''",
                "process_md5:5A18F00AB9330AC7539675F3F326CF11            | A",
                "parent_md5:11111111111111111111111111111111             | D",
                "md5:11111111111111111111111111111111                    | B D F1 F2",
                "filewrite_md5:0123456789abcdef0123456789abcdef          | D",
                "crossproc_type:remote_thread                            | D",
                "crossproc_name:lsass.exe                                | D",
                "childproc_name:net.exe                                  | D",
                "process_id:00000003-0000-0006-01D2-4B0E40000002          | F1 F2",
                "sensor_id:17                                            | E",
                "sensor_id:[* TO 10]                                     | A B C D F1 F2",
                "modload_count:34                                        | A",
                "modload_count:{20 TO *]                                 | A",
                "modload_count:[20 TO 34}                                | E",
                "netconn_count:*                                         | B C D F1 F2",
                "netconn_count:[* TO *]                                  | A B C D E F1 F2",
                "regmod:*                                                | A C",
                "ipv6addr:*                                              | D",
                "-domain:*                                               | A D E",
                "ipport:443                                              | B C D F1 F2",
                "ipport:[1 TO 100]                                       | B",
                "ipaddr:10.0.0.0/8                                       | B",
                "ipaddr:[8.8.8.8 TO 13.107.21.200]                       | B F1 F2",
                "ipaddr:0.0.0.0/0                                        | B C F1 F2",
                "ipv6addr:fe00:b9:266:2011:28dc:43d4:3298:12e2           | D",
                "ipv6addr:fe00:b9:266:2011:28dc:43d4:3298:12e3           | ''",
                "start:2016-12-01                                        | C D",
                "start:2016-12-01T08:00:00                               | C D E",
                "start:[* TO 2013-12-01]                                 | A B",
                "last_server_update:[* TO 2013-12-02]                    | A B",
                "last_server_update:{2016-11-30 TO *]                    | C D E",
                "start:[2016-11-30 TO 2016-11-30]                        | F1 F2",
                "last_server_update:-3h                                  | ''",
                "last_server_update:-300m                                | E",
                "last_server_update:[-24h TO -5h]                        | C D",
                "start:*                                                 | A B C D E F1 F2",
                "domain:google                                           | F1",
                "domain:www.google.*                                     | F1",
                "domain:carbonblack.com                                  | ''",
                "cmdline:\"net use y:\"                                  | D",
                "cmdline:\"use net\"                                     | ''",
                "cmdline:c:\\windows\\system32\\rundll32.exe               | E",
                "cmdline:rundll32.exe                                    | E",
                "cmdline:\"/d srrstr.dll\"                               | E",
                "cmdline:\"\\\"c:\\program files \\(x86\\)\\google\\update\\googleupdate.exe\\\" /svc\" | C",
                "cmdline:--type=renderer                                 | B",
                "cmdline:google\\up*                                      | C",
                "cmdline:use y:                                          | D",
                "path:system32/cmd.exe                                   | D",
                "path:\\windows\\system32\\cmd.exe                        | D",
                "path:\"c:\\windows\\system32\\cmd.exe\"                   | D",
                "path:c:\\windows\\system32\\cmd.exe                      | D",
                "path_full:c:\\windows\\system32\\cmd.exe                 | D",
                "path:win*\\sys*\\n?tepad.exe                              | A",
                "regmod:controlset001\\control\\deviceclasses\\*           | C",
                "regmod:*                                                | A C",
                "filemod:c:\\temp\\*                                      | A",
                "system32\\notepad.exe                                    | A",
                "\"c:\\temp\\backup.txt\"                                  | A",
                "alice                                                   | A",
                "backup.txt                                              | A",
                "lsass.exe                                               | ''",
                "remotethread                                            | D",
                // Unfielded hashes reach every member of the md5 union, modload_md5 included (E loads evil.dll).
                "0123456789ABCDEF0123456789ABCDEF                        | D E",
                "44444444444444444444444444444444                        | A",
                "google                                                  | B C F1",
                "*                                                       | A B C D E F1 F2",
                "''                                                      | A B C D E F1 F2",
                "-process_name:chrome.exe -process_name:cmd.exe          | A C E",
                "-(process_name:chrome.exe OR hostname:dc01)             | A C D",
                "process_name:(chrome.exe OR cmd.exe) -domain:bing        | B D F1",
                "process_name:chrome.exe OR -hostname:win-5ikqdnf9go1    | B E F1 F2",
                "NOT process_name:chrome.exe AND hostname:dc01           | E",
                "process_name:cmd.exe OR process_name:rundll32.exe hostname:dc01 | D E",
            })
    void fieldTypes(String query, String expected) throws IOException {
        assertEquals(ids(expected), search(query.strip()));
    }

    @Test
    void criteriaParametersAreAndedWithTheQuery() throws IOException {
        // Vector 39.
        SearchParameters parameters = new SearchParameters(
                java.util.List.of("process_name:cmd.exe"),
                java.util.List.of(new SearchParameters.Criterion("filemod", "appdata\\local\\temp\\evil.dll")),
                java.util.List.of());
        assertEquals(Set.of("D"), fixture.ids(translator.translate(parameters.toQuery(parser))));
        assertEquals(
                search("process_name:cmd.exe filemod:appdata\\local\\temp\\evil.dll"),
                fixture.ids(translator.translate(parameters.toQuery(parser))));
    }

    @Test
    void leadingWildcardsAreRejectedByDefault() {
        // Vector 17, default (6.2.3+) behaviour.
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> search("filemod:*\\temp\\evil.dll"));
        assertTrue(e.getMessage().contains("leading wildcard"), e.getMessage());
        assertTrue(e.getMessage().contains("--allow-leading-wildcards"), e.getMessage());
        assertThrows(QuerySyntaxException.class, () -> search("process_name:*.exe"));
        assertThrows(QuerySyntaxException.class, () -> search("?otepad.exe"));
        assertThrows(QuerySyntaxException.class, () -> search("cmdline:c:\\windows\\*.exe"));
    }

    @Test
    void leadingWildcardsWorkWhenEnabled() throws IOException {
        QueryTranslator permissive = QueryTranslator.forProcesses(CLOCK, true, fixture.paths());
        assertEquals(Set.of("D"), fixture.ids(permissive.translate(parser.parse("filemod:*\\temp\\evil.dll"))));
        assertEquals(
                Set.of("A", "B", "C", "D", "E", "F1", "F2"),
                fixture.ids(permissive.translate(parser.parse("process_name:*.exe"))));
        assertEquals(Set.of("B", "C", "F1", "F2"), fixture.ids(permissive.translate(parser.parse("domain:*.com"))));
        assertEquals(Set.of("E"), fixture.ids(permissive.translate(parser.parse("cmdline:system32\\*.exe"))));
    }

    @Test
    void dynamicAndUnsupportedFieldsAreRejectedClearly() {
        for (String query : new String[] {
            "alliance_score_srstrust:*",
            "-alliance_score_srstrust:*",
            "watchlist_4:[2014-04-01 TO 2014-09-30]",
            "digsig_result_modload:Unsigned",
            "is_executable_image_filewrite:false",
            "company_name:microsoft",
            "alliance_link_nvd:*",
            "hour_of_day:3"
        }) {
            QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> search(query), query);
            assertTrue(e.getMessage().contains("not supported yet"), e.getMessage());
        }
    }

    @Test
    void dynamicFieldsGoToTheResolver() throws IOException {
        QueryTranslator withResolver = new QueryTranslator(
                ProcessSchema.INSTANCE,
                CLOCK,
                false,
                (field, clause) -> new org.apache.lucene.search.TermQuery(
                        new org.apache.lucene.index.Term(ProcessFixture.ID, "E")));
        assertEquals(Set.of("E"), fixture.ids(withResolver.translate(parser.parse("digsig_result_modload:Unsigned"))));
        assertEquals(
                Set.of("A", "B", "C", "D", "F1", "F2"),
                fixture.ids(withResolver.translate(parser.parse("-alliance_score_srstrust:*"))));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "netconn_count:many",
                "netconn_count:1*",
                "start:yesterday",
                "start:2016-13-01",
                "start:2016-12-01T25:00:00",
                "start:-10d",
                "start:[2016-12-01 TO soon]",
                "start:2016*",
                "ipaddr:192.168.1.300",
                "ipaddr:192.168.*",
                "ipaddr:10.0.0.0/33",
                "ipaddr:www.example.com",
                "ipv6addr:fe00::1/129",
                "ipv6addr:localhost",
                "terminated:maybe",
                "terminated:[false TO true]",
                "cmdline:[a TO b]",
                "path:[a TO b]",
            })
    void badValuesAreSyntaxErrors(String query) {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> search(query));
        assertTrue(e.getMessage().contains(query.substring(0, query.indexOf(':'))), e.getMessage());
    }

    @Test
    void lenientDayOfMonthIsClamped() throws IOException {
        // Carbon Black's own docs ship "2014-09-31"; it is read as the last day of that month.
        assertEquals(Set.of("B"), search("start:[2013-11-31 TO 2013-12-31]"));
        assertEquals(Set.of(), search("start:2013-11-31"));
    }
}
