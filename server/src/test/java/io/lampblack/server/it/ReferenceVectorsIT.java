package io.lampblack.server.it;

import static io.lampblack.server.it.support.ReferenceFixture.Doc.A;
import static io.lampblack.server.it.support.ReferenceFixture.Doc.B;
import static io.lampblack.server.it.support.ReferenceFixture.Doc.C;
import static io.lampblack.server.it.support.ReferenceFixture.Doc.D;
import static io.lampblack.server.it.support.ReferenceFixture.Doc.E;
import static io.lampblack.server.it.support.ReferenceFixture.Doc.F1;
import static io.lampblack.server.it.support.ReferenceFixture.Doc.F2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.it.support.ReferenceFixture;
import io.lampblack.server.it.support.ReferenceFixture.Binary;
import io.lampblack.server.it.support.ReferenceFixture.Doc;
import io.lampblack.server.it.support.ReferenceFixture.MutableClock;
import io.lampblack.server.search.query.QueryNode.And;
import io.lampblack.server.search.query.QueryNode.Not;
import io.lampblack.server.search.query.QueryNode.Phrase;
import io.lampblack.server.search.query.QueryNode.Term;
import io.lampblack.server.search.query.QueryParser;
import io.lampblack.server.search.schema.ProcessSchema;
import io.lampblack.server.support.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 40 test vectors of reference §6.2 (query_and_process_model.md), plus vectors for every field type and search
 * parameter they leave out, against a real server holding the §6.1 fixture loaded through the sensor protocol
 * ({@link ReferenceFixture}). Every vector asserts the exact set of rows (or, for sorts, the exact order) that the
 * reference implies; rows are named back to the fixture's A, B, C, D, E, F1, F2 by their receipt time.
 *
 * <p>Expectations are the reference's, not whatever the server happens to answer.
 *
 * <p>Run alone: {@code mvn -o verify -pl server -am -Dtest=NONE -Dit.test=ReferenceVectorsIT
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}. One server holds the fixture
 * for the whole class; vector 17 starts a second one with leading wildcards allowed.
 */
class ReferenceVectorsIT {

    @TempDir
    static Path data;

    static MutableClock clock;
    static TestServer server;
    static ReferenceFixture fixture;

    static final QueryParser PARSER = new QueryParser(ProcessSchema.INSTANCE);

    @BeforeAll
    static void load() throws Exception {
        clock = new MutableClock(Instant.parse("2011-12-31T00:00:00Z"));
        server = TestServer.start(data, clock);
        fixture = ReferenceFixture.load(server, clock);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    // ================================================================================================================
    // Reference §6.2, vectors 1-40 and the facet vector.

    @Test
    @DisplayName("vector 01 notepad.exe -> A")
    void v01() throws Exception {
        expect("notepad.exe", A);
    }

    @Test
    @DisplayName("vector 01 notepad.exe highlights path and regmod value with PREPREPRE/POSTPOSTPOST")
    void v01Highlights() throws Exception {
        JsonNode highlights = ok(server.get(url("notepad.exe"))).get("highlights");
        String uid = fixture.uniqueId(A);
        assertHighlight(highlights, "c:\\windows\\system32\\PREPREPREnotepad.exePOSTPOSTPOST", uid);
        assertHighlight(
                highlights,
                "\\registry\\user\\s-1-5-21-1\\software\\microsoft\\windows\\shell\\muicache"
                        + "\\c:\\windows\\system32\\PREPREPREnotepad.exePOSTPOSTPOST",
                uid);
    }

    @Test
    @DisplayName("vector 02 process_name:NOTEPAD.EXE -> A")
    void v02() throws Exception {
        expect("process_name:NOTEPAD.EXE", A);
    }

    @Test
    @DisplayName("vector 03 process_name:note*.exe -> A")
    void v03() throws Exception {
        expect("process_name:note*.exe", A);
    }

    @Test
    @DisplayName("vector 04 process_name:chrome.exe or process_name:cmd.exe -> B D F1 F2")
    void v04() throws Exception {
        expect("process_name:chrome.exe or process_name:cmd.exe", B, D, F1, F2);
    }

    @Test
    @DisplayName("vector 05 hostname:win-5ikqdnf9go1 -process_name:chrome.exe -> A C D")
    void v05() throws Exception {
        expect("hostname:win-5ikqdnf9go1 -process_name:chrome.exe", A, C, D);
    }

    @Test
    @DisplayName("vector 06 (process_name:rundll32.exe OR process_name:cmd.exe) username:system -> E")
    void v06() throws Exception {
        expect("(process_name:rundll32.exe OR process_name:cmd.exe) username:system", E);
    }

    @Test
    @DisplayName("vector 07 parse c:\\program files (x86)\\windows -> AND of c:\\program, files, x86, \\windows")
    void v07() {
        assertEquals(
                new And(List.of(
                        Term.unfielded("c:\\program"),
                        Term.unfielded("files"),
                        Term.unfielded("x86"),
                        Term.unfielded("\\windows"))),
                PARSER.parse("c:\\program files (x86)\\windows"));
    }

    @Test
    @DisplayName("vector 08 parse \"-system.exe\" (phrase) vs -system.exe (NOT)")
    void v08() {
        assertEquals(Phrase.unfielded("-system.exe"), PARSER.parse("\"-system.exe\""));
        assertEquals(new Not(Term.unfielded("system.exe")), PARSER.parse("-system.exe"));
    }

    @Test
    @DisplayName("vector 09 path:notepad.exe -> A")
    void v09() throws Exception {
        expect("path:notepad.exe", A);
    }

    @Test
    @DisplayName("vector 10 path:windows\\system32 -> none (prefix without wildcard)")
    void v10() throws Exception {
        expect("path:windows\\system32");
    }

    @Test
    @DisplayName("vector 11 path:c:\\windows\\* -> A D E")
    void v11() throws Exception {
        expect("path:c:\\windows\\*", A, D, E);
    }

    @Test
    @DisplayName("vector 12 path:system* -> A D E")
    void v12() throws Exception {
        expect("path:system*", A, D, E);
    }

    @Test
    @DisplayName("vector 13 quoted and escaped path with spaces and parentheses -> C (both)")
    void v13() throws Exception {
        expect("path:\"c:\\program files (x86)\\google\\update\\googleupdate.exe\"", C);
        expect("path:c:\\program\\ files\\ \\(x86\\)\\google\\update\\googleupdate.exe", C);
    }

    @Test
    @DisplayName("vector 14 modload:kernel32.dll -> A")
    void v14() throws Exception {
        expect("modload:kernel32.dll", A);
    }

    @Test
    @DisplayName("vector 15 modload:c:\\users\\mallory\\appdata\\local\\temp\\evil.dll -> E")
    void v15() throws Exception {
        expect("modload:c:\\users\\mallory\\appdata\\local\\temp\\evil.dll", E);
    }

    @Test
    @DisplayName("vector 16 filemod:appdata\\local\\temp\\evil.dll -> D")
    void v16() throws Exception {
        expect("filemod:appdata\\local\\temp\\evil.dll", D);
    }

    @Test
    @DisplayName("vector 17 filemod:*\\temp\\evil.dll is refused by default, naming the setting")
    void v17Default() throws Exception {
        TestServer.Response r = server.get(url("filemod:*\\temp\\evil.dll"));
        assertEquals(400, r.status(), r.text());
        JsonNode body = r.json();
        assertEquals("query_malformed_syntax", body.get("reason").asText(), r.text());
        assertTrue(body.get("message").asText().contains("allow-leading-wildcards"), r.text());
    }

    @Test
    @DisplayName("vector 17 filemod:*\\temp\\evil.dll -> D with leading wildcards allowed")
    void v17Allowed(@TempDir Path permissiveData) throws Exception {
        MutableClock otherClock = new MutableClock(Instant.parse("2011-12-31T00:00:00Z"));
        try (TestServer permissive = TestServer.start(permissiveData, otherClock, "allow-leading-wildcards", "true")) {
            ReferenceFixture other = ReferenceFixture.load(permissive, otherClock);
            assertEquals(EnumSet.of(D), docs(permissive, other, url("filemod:*\\temp\\evil.dll")));
        }
    }

    @Test
    @DisplayName("vector 18 regmod:...\\currentcontrolset\\...\\deviceclasses\\* -> C (controlset001 normalised)")
    void v18() throws Exception {
        expect("regmod:registry\\machine\\system\\currentcontrolset\\control\\deviceclasses\\*", C);
    }

    @Test
    @DisplayName("vector 19 domain:www.carbonblack.com -> B")
    void v19() throws Exception {
        expect("domain:www.carbonblack.com", B);
    }

    @Test
    @DisplayName("vector 20 domain:.com -> B C F1 F2")
    void v20() throws Exception {
        expect("domain:.com", B, C, F1, F2);
    }

    @Test
    @DisplayName("vector 21 domain:.com. -> B")
    void v21() throws Exception {
        expect("domain:.com.", B);
    }

    @Test
    @DisplayName("vector 22 domain:foo. -> B C")
    void v22() throws Exception {
        expect("domain:foo.", B, C);
    }

    @Test
    @DisplayName("vector 23 domain:foo.com -> C")
    void v23() throws Exception {
        expect("domain:foo.com", C);
    }

    @Test
    @DisplayName("vector 24 domain:com. -> none")
    void v24() throws Exception {
        expect("domain:com.");
    }

    @Test
    @DisplayName("vector 25 ipaddr:192.168.1.0/24 -> B")
    void v25() throws Exception {
        expect("ipaddr:192.168.1.0/24", B);
    }

    @Test
    @DisplayName("vector 26 ipaddr:127.0.0.1 -> C")
    void v26() throws Exception {
        expect("ipaddr:127.0.0.1", C);
    }

    @Test
    @DisplayName("vector 27 ipv6addr:fe00:b9:266:2011::0/64 -> D")
    void v27() throws Exception {
        expect("ipv6addr:fe00:b9:266:2011::0/64", D);
    }

    @Test
    @DisplayName("vector 28 netconn_count:[10 TO *] -> B")
    void v28() throws Exception {
        expect("netconn_count:[10 TO *]", B);
    }

    @Test
    @DisplayName("vector 29 start:[2016-12-01T00:00:00 TO 2016-12-01T12:00:00] -> C")
    void v29() throws Exception {
        expect("start:[2016-12-01T00:00:00 TO 2016-12-01T12:00:00]", C);
    }

    @Test
    @DisplayName("vector 30 start:-10h at NOW 2016-12-02T06:00:00Z -> D E")
    void v30() throws Exception {
        clock.set(ReferenceFixture.NOW);
        expect("start:-10h", D, E);
    }

    @Test
    @DisplayName("vector 31 cmdline:/d -> E, cmdline:d -> none, cmdline:.dll -> E, cmdline:execute* -> E")
    void v31() throws Exception {
        expect("cmdline:/d", E);
        expect("cmdline:d");
        expect("cmdline:.dll", E);
        expect("cmdline:execute*", E);
    }

    @Test
    @DisplayName("vector 32 cmdline:\\\\test\\blah -> D")
    void v32() throws Exception {
        expect("cmdline:\\\\test\\blah", D);
    }

    @Test
    @DisplayName("vector 33 childproc_name:cmd.exe -> B; parent_name:chrome.exe -> D")
    void v33() throws Exception {
        expect("childproc_name:cmd.exe", B);
        expect("parent_name:chrome.exe", D);
    }

    @Test
    @DisplayName("vector 34 md5:0123456789abcdef0123456789abcdef -> D (filewrite) E (modload)")
    void v34() throws Exception {
        expect("md5:0123456789abcdef0123456789abcdef", D, E);
    }

    @Test
    @DisplayName("vector 35 digsig_result_modload:Unsigned -> E; is_executable_image_filewrite:false -> D")
    void v35() throws Exception {
        expect("digsig_result_modload:Unsigned", E);
        expect("is_executable_image_filewrite:false", D);
    }

    @Test
    @DisplayName("vector 36 domain:google AND domain:bing -> F1 F2 (comprehensive)")
    void v36Comprehensive() throws Exception {
        expect("domain:google AND domain:bing", F1, F2);
    }

    @Test
    @DisplayName("vector 36 domain:google AND domain:bing with cb.legacy_5x_mode=true -> none (per segment)")
    void v36Legacy() throws Exception {
        expectWith("domain:google AND domain:bing", Map.of("cb.legacy_5x_mode", "true"));
    }

    @Test
    @DisplayName("vector 37 process_name:chrome.exe -domain:bing -> B (comprehensive)")
    void v37Comprehensive() throws Exception {
        expect("process_name:chrome.exe -domain:bing", B);
    }

    @Test
    @DisplayName("vector 37 process_name:chrome.exe -domain:bing with cb.legacy_5x_mode=true -> B F1 (per segment)")
    void v37Legacy() throws Exception {
        expectWith("process_name:chrome.exe -domain:bing", Map.of("cb.legacy_5x_mode", "true"), B, F1);
    }

    @Test
    @DisplayName("vector 38 process_name:chrome.exe cb.group=id cb.min_last_server_update=2016-11-01 -> one row, F2")
    void v38() throws Exception {
        JsonNode r = ok(server.get(url(
                "process_name:chrome.exe",
                Map.of("cb.group", "id", "cb.min_last_server_update", "2016-11-01T00:00:00Z"))));
        assertEquals(List.of(F2), rowsInOrder(r));
        // The reference recommends counting groups, which is what cbapi's len() shows for group_by("id").
        assertEquals(1, r.get("total_results").asInt(), r.toString());
    }

    @Test
    @DisplayName(
            "vector 39 q=process_name:cmd.exe&cb.q.filemod=appdata\\local\\temp\\evil.dll -> D, as the combined query")
    void v39() throws Exception {
        expectWith("process_name:cmd.exe", Map.of("cb.q.filemod", "appdata\\local\\temp\\evil.dll"), D);
        expect("process_name:cmd.exe filemod:appdata\\local\\temp\\evil.dll", D);
    }

    // Vector 40: binary search, one test per query so that each can be enabled when what it needs exists.

    @Test
    @DisplayName("vector 40a binary digsig_publisher:Oracle -> MJ")
    void v40a() throws Exception {
        expectBinaries("digsig_publisher:Oracle", Binary.MJ);
    }

    @Test
    @DisplayName("vector 40b binary digsig_result:expired -> MJ")
    void v40b() throws Exception {
        expectBinaries("digsig_result:expired", Binary.MJ);
    }

    @Test
    @DisplayName("binary documents show their tags: watchlist_4 on M1, alliance_score_virustotal on MX")
    void binaryTagsAreRendered() throws Exception {
        JsonNode m1 = server.get("/api/v1/binary/" + ReferenceFixture.M1.toUpperCase() + "/summary")
                .json();
        assertEquals("4", m1.get("watchlists").get(0).get("wid").asText(), m1.toString());
        assertTrue(m1.get("watchlists").get(0).get("value").asText().startsWith("2014-05-01"), m1.toString());
        JsonNode mx = server.get("/api/v1/binary?q=md5:" + ReferenceFixture.MX)
                .json()
                .get("results")
                .get(0);
        assertEquals(15, mx.get("alliance_score_virustotal").asInt(), mx.toString());
    }

    @Test
    @DisplayName("vector 40c binary digsig_result:\"Invalid Chain\" -> none")
    void v40c() throws Exception {
        expectBinaries("digsig_result:\"Invalid Chain\"");
    }

    @Test
    @DisplayName("vector 40d binary product_name:\"windows operating system\" -> M1 MC")
    void v40d() throws Exception {
        expectBinaries("product_name:\"windows operating system\"", Binary.M1, Binary.MC);
    }

    @Test
    @DisplayName("vector 40e binary digsig_sign_time:[* TO 2011-12-31] -> M1 MJ")
    void v40e() throws Exception {
        expectBinaries("digsig_sign_time:[* TO 2011-12-31]", Binary.M1, Binary.MJ);
    }

    @Test
    @DisplayName("vector 40f binary is_executable_image:FALSE -> MX")
    void v40f() throws Exception {
        expectBinaries("is_executable_image:FALSE", Binary.MX);
    }

    @Test
    @DisplayName("vector 40g binary alliance_score_virustotal:[10 TO *] -> MX")
    void v40g() throws Exception {
        expectBinaries("alliance_score_virustotal:[10 TO *]", Binary.MX);
    }

    @Test
    @DisplayName("vector 40h binary -alliance_score_srstrust:* -> all five")
    void v40h() throws Exception {
        expectBinaries("-alliance_score_srstrust:*", Binary.values());
    }

    @Test
    @DisplayName("vector 40i binary watchlist_4:[2014-04-01 TO 2014-09-30] -> M1")
    void v40i() throws Exception {
        expectBinaries("watchlist_4:[2014-04-01 TO 2014-09-30]", Binary.M1);
    }

    @Test
    @DisplayName("vector 40j binary md5:5A18F00AB9330AC7539675F3F326CF11 -> M1")
    void v40j() throws Exception {
        expectBinaries("md5:5A18F00AB9330AC7539675F3F326CF11", Binary.M1);
    }

    @Test
    @DisplayName(
            "vector facets process_name on H1, counted per segment: chrome.exe 3 (50.0%, 100), others 1 (16.7%, 33)")
    void vFacets() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("q", "hostname:win-5ikqdnf9go1");
        p.put("facet", "true");
        p.put("facet.field", "process_name");
        p.put("rows", "0");
        JsonNode r = ok(server.get(rawUrl(p)));
        assertEquals(6, r.get("total_results").asInt());
        assertEquals(0, r.get("results").size());
        JsonNode entries = r.get("facets").path("process_name");
        assertEquals(4, entries.size(), "process_name facet entries: " + r.get("facets"));
        // Sorted by count, highest first.
        assertEquals("chrome.exe", entries.get(0).get("name").asText(), entries.toString());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        entries.forEach(e -> byName.put(e.get("name").asText(), e));
        assertFacet(byName.get("chrome.exe"), 3, 50.0, 100);
        for (String name : List.of("notepad.exe", "googleupdate.exe", "cmd.exe")) {
            assertFacet(byName.get(name), 1, 16.7, 33);
        }
    }

    // ================================================================================================================
    // Our own vectors: every field type and parameter §6.2 leaves out. Expectations follow the reference (§1-§2);
    // where it is silent the choice is what a Carbon Black user expects, noted beside the vector.

    @ParameterizedTest(name = "keyword {0} -> {1}")
    @MethodSource
    void keyword(String q, String expected) throws Exception {
        expect(q, parse(expected));
    }

    static Stream<Arguments> keyword() {
        return Stream.of(
                v("hostname:dc01", "E"),
                v("hostname:WIN-5IKQDNF9GO1", "A B C D F1 F2"),
                v("hostname:win-5ikqdnf9go*", "A B C D F1 F2"),
                v("group:\"Domain Controllers\"", "E"),
                v("group:domain\\ controllers", "E"),
                v("group:\"default group\"", "A B C D F1 F2"),
                v("host_type:domain_controller", "E"),
                v("host_type:WORKSTATION", "A B C D F1 F2"),
                v("os_type:windows", "A B C D E F1 F2"),
                v("parent_name:services.exe", "C E"),
                v("parent_name:EXPLORER.EXE", "A B F1 F2"),
                v("process_name:chrome.exe", "B F1 F2"),
                v("process_name:c*.exe", "B D F1 F2"),
                // '?' is documented for cmdline; Solr underneath reads it as one character in every field, so do we.
                v("process_name:c?d.exe", "D"),
                // A keyword is the whole value: part of a name is no match.
                v("process_name:notepad", ""),
                v("childproc_name:net.exe", "D"),
                v("crossproc_name:lsass.exe", "D"),
                v("crossproc_type:remotethread", "D"),
                v("crossproc_type:remote_thread", "D"));
    }

    @ParameterizedTest(name = "path {0} -> {1}")
    @MethodSource
    void path(String q, String expected) throws Exception {
        expect(q, parse(expected));
    }

    static Stream<Arguments> path() {
        return Stream.of(
                // path: either separator, a leading separator stripped, any case.
                v("path:system32/notepad.exe", "A"),
                v("path:\\windows\\system32\\notepad.exe", "A"),
                v("path:/windows/system32/notepad.exe", "A"),
                v("path:c:/windows/system32/notepad.exe", "A"),
                v("path:C:\\Windows\\System32\\NOTEPAD.EXE", "A"),
                v("path:application\\chrome.exe", "B F1 F2"),
                v("path:google\\*", "B C F1 F2"),
                // A word that is only the start of a component is no sub-path.
                v("path:program", ""),
                // modload
                v("modload:system32/kernel32.dll", "A"),
                v("modload:\\windows\\system32\\kernel32.dll", "A"),
                v("modload:/users/mallory/appdata/local/temp/evil.dll", "E"),
                v("modload:c:\\users\\*", "E"),
                // filemod
                v("filemod:temp/backup.txt", "A"),
                v("filemod:\\temp\\backup.txt", "A"),
                v("filemod:c:/temp/backup.txt", "A"),
                v("filemod:evil.dll", "D"),
                v("filemod:c:\\users\\*", "D"),
                // regmod: stored keys start with \registry\; control sets are read as currentcontrolset on both sides.
                v("regmod:\\registry\\machine\\system\\currentcontrolset\\control\\deviceclasses\\*", "C"),
                v("regmod:machine/system/currentcontrolset/control/deviceclasses/*", "C"),
                v("regmod:registry\\machine\\system\\controlset001\\control\\deviceclasses\\*", "C"),
                v("regmod:registry\\machine\\system\\controlset002\\control\\deviceclasses\\*", "C"),
                v("regmod:deviceclasses\\{53f56307-b6bf-11d0-94f2-00a0c91efb8b}\\x", "C"),
                v("regmod:muicache\\c:\\windows\\system32\\notepad.exe", "A"),
                v("regmod:registry\\machine\\system", ""));
    }

    @ParameterizedTest(name = "cmdline {0} -> {1}")
    @MethodSource
    void cmdline(String q, String expected) throws Exception {
        expect(q, parse(expected));
    }

    static Stream<Arguments> cmdline() {
        return Stream.of(
                // Every token with an extension also yields the extension.
                v("cmdline:.exe", "A B C D E F1 F2"),
                v("cmdline:.txt", "A"),
                v("cmdline:backup.txt", "A"),
                // ? is one character, * many (not leading).
                v("cmdline:rundll?2.exe", "E"),
                v("cmdline:n?t", "D"),
                v("cmdline:google*", "B C"),
                // A slash at the start of a later token is a switch and stays on it.
                v("cmdline:/svc", "C"),
                v("cmdline:svc", ""),
                v("cmdline:/c", "D"),
                // A single trailing colon stays (drive letters).
                v("cmdline:c:", "A B C E"),
                v("cmdline:y:", "D"),
                // Quotes, backslashes, parentheses, '=' and ',' split tokens; '-' stays.
                v("cmdline:renderer", "B"),
                v("cmdline:--type", "B"),
                v("cmdline:x86", "B C"),
                v("cmdline:system32", "E"),
                v("cmdline:test", "D"),
                v("cmdline:srrstr.dll", "E"),
                v("cmdline:ExecuteScheduledSPPC", "E"),
                // Phrases match consecutive tokens; the extension token does not break them.
                v("cmdline:\"net use y:\"", "D"),
                v("cmdline:\"use net\"", ""),
                v("cmdline:\"rundll32.exe /d\"", "E"),
                v("cmdline:c:\\windows\\system32\\rundll32.exe", "E"));
    }

    @ParameterizedTest(name = "domain {0} -> {1}")
    @MethodSource
    void domain(String q, String expected) throws Exception {
        expect(q, parse(expected));
    }

    static Stream<Arguments> domain() {
        return Stream.of(
                v("domain:google", "F1"),
                v("domain:www.", "B F1 F2"),
                v("domain:.au", "B"),
                v("domain:au", "B"),
                v("domain:.carbonblack.", "B"),
                v("domain:.carbonblack.com", "B"),
                // The reference's consequence of first-label anchoring (§2.1, "verify"): no match on
                // www.carbonblack.com.
                v("domain:carbonblack.com", ""),
                v("domain:WWW.BING.COM", "F2"),
                v("domain:*", "B C F1 F2"));
    }

    @ParameterizedTest(name = "address {0} -> {1}")
    @MethodSource
    void address(String q, String expected) throws Exception {
        expect(q, parse(expected));
    }

    static Stream<Arguments> address() {
        return Stream.of(
                v("ipaddr:10.0.0.0/8", "B"),
                v("ipaddr:192.168.0.0/16", "B"),
                v("ipaddr:8.0.0.0/8", "F1"),
                v("ipaddr:13.107.0.0/16", "F2"),
                v("ipaddr:127.0.0.0/8", "C"),
                v("ipaddr:192.168.1.10/32", "B"),
                v("ipaddr:10.0.1.2", ""),
                // D's only connection is IPv6: no IPv4 address.
                v("ipaddr:*", "B C F1 F2"),
                // A bare IPv6 address is /128 (the documentation's "32" read as a typo): a neighbour is no match.
                v("ipv6addr:fe00:b9:266:2011:28dc:43d4:3298:12e2", "D"),
                v("ipv6addr:fe00:b9:266:2011:28dc:43d4:3298:12e3", ""),
                v("ipv6addr:fe00:b9:266:2011:28dc:43d4:3298:12e2/128", "D"),
                v("ipv6addr:fe00:b9::/32", "D"),
                v("ipv6addr:*", "D"),
                v("ipport:80", "B"),
                v("ipport:443", "B C D F1 F2"));
    }

    @ParameterizedTest(name = "hash {0} -> {1}")
    @MethodSource
    void hash(String q, String expected) throws Exception {
        expect(q, parse(expected));
    }

    static Stream<Arguments> hash() {
        String mc = ReferenceFixture.MC.toUpperCase();
        String mg = ReferenceFixture.MG.toUpperCase();
        String mx = ReferenceFixture.MX.toUpperCase();
        return Stream.of(
                v("md5:" + mx, "D E"),
                v(mx, "D E"),
                v("process_md5:5A18F00AB9330AC7539675F3F326CF11", "A"),
                v("process_md5:5a18f00ab9330ac7539675f3f326cf11", "A"),
                // md5 is the union of process, parent, child, modload and filewrite MD5s.
                v("md5:" + mc, "B D"),
                v("md5:" + mg, "B D F1 F2"),
                v("md5:" + ReferenceFixture.KERNEL32, "A"),
                v("parent_md5:" + mg, "D"),
                v("childproc_md5:" + mc, "B"),
                v("filewrite_md5:" + mx, "D"),
                v("modload_md5:" + mx, "E"),
                v("crossproc_md5:" + ReferenceFixture.LSASS.toUpperCase(), "D"),
                v("process_sha256:" + ReferenceFixture.A_SHA256.toUpperCase(), "A"),
                v("sha256:" + ReferenceFixture.A_SHA256, "A"));
    }

    @ParameterizedTest(name = "datetime {0} -> {1}")
    @MethodSource
    void datetime(String q, String expected) throws Exception {
        clock.set(ReferenceFixture.NOW);
        expect(q, parse(expected));
    }

    static Stream<Arguments> datetime() {
        return Stream.of(
                // A date is that whole day; a date-time the 24 hours from it (as documented).
                v("start:2016-12-01", "C D"),
                v("start:2011-12-31", "A"),
                v("start:2016-12-01T08:00:00", "C D E"),
                v("last_update:2016-11-30", "F1 F2"),
                // Open ranges; a date-only upper bound includes that day (the reference's recommendation).
                v("start:[* TO 2013-12-01]", "A B"),
                v("start:[2016-12-01T22:00:00 TO *]", "D E"),
                v("last_server_update:[2016-12-01 TO *]", "C D E"),
                v("last_server_update:[* TO 2016-11-30T12:00:00]", "A B F1 F2"),
                v("last_update:[2016-11-30T10:00:00 TO 2016-11-30T23:59:59]", "F2"),
                // Relative times from NOW (2016-12-02T06:00:00Z), in each documented unit.
                v("last_server_update:-6h", "E"),
                v("last_server_update:-600m", "D E"),
                v("start:-86400s", "C D E"),
                v("start:*", "A B C D E F1 F2"));
    }

    @ParameterizedTest(name = "count {0} -> {1}")
    @MethodSource
    void count(String q, String expected) throws Exception {
        expect(q, parse(expected));
    }

    static Stream<Arguments> count() {
        return Stream.of(
                v("modload_count:34", "A"),
                v("modload_count:20", "E"),
                v("modload_count:[20 TO 34]", "A E"),
                v("modload_count:[21 TO *]", "A"),
                // "At most 20" includes the segments that loaded nothing.
                v("modload_count:[* TO 20]", "B C D E F1 F2"),
                v("netconn_count:12", "B"),
                v("netconn_count:0", "A E"),
                // count:* is "more than zero".
                v("netconn_count:*", "B C D F1 F2"),
                v("filemod_count:1", "A D"),
                v("childproc_count:[1 TO *]", "B D"),
                v("crossproc_count:*", "D"),
                v("regmod_count:*", "A C"));
    }

    @ParameterizedTest(name = "bool {0} -> {1}")
    @MethodSource
    void bool(String q, String expected) throws Exception {
        expect(q, parse(expected));
    }

    static Stream<Arguments> bool() {
        return Stream.of(
                v("terminated:false", "A B C D E F1 F2"),
                v("terminated:False", "A B C D E F1 F2"),
                v("terminated:TRUE", ""),
                v("tampered:false", "A B C D E F1 F2"));
    }

    @ParameterizedTest(name = "username {0} -> {1}")
    @MethodSource
    void username(String q, String expected) throws Exception {
        expect(q, parse(expected));
    }

    static Stream<Arguments> username() {
        return Stream.of(
                v("username:alice", "A"),
                v("username:WIN-5IKQDNF9GO1\\alice", "A"),
                v("username:win-5ikqdnf9go1\\ALICE", "A"),
                v("username:bob", "B F1 F2"),
                v("username:mallory", "D"),
                v("username:SYSTEM", "C E"),
                // The domain alone is nobody (only the full value and the part after the backslash are users).
                v("username:WIN-5IKQDNF9GO1", ""),
                v("username_full:WIN-5IKQDNF9GO1\\bob", "B F1 F2"));
    }

    @ParameterizedTest(name = "boolean {0} -> {1}")
    @MethodSource
    void booleans(String q, String expected) throws Exception {
        expect(q, parse(expected));
    }

    static Stream<Arguments> booleans() {
        return Stream.of(
                // Queries that are only negations: "everything but".
                v("-hostname:win-5ikqdnf9go1", "E"),
                v("-process_name:chrome.exe -process_name:cmd.exe", "A C E"),
                v("NOT process_name:chrome.exe", "A C D E"),
                v("-(process_name:chrome.exe OR hostname:dc01)", "A C D"),
                v("-modload_count:*", "B C D F1 F2"),
                // Nested parentheses.
                v(
                        "((process_name:cmd.exe OR process_name:notepad.exe) AND (username:alice OR username:mallory))"
                                + " OR (hostname:dc01 -process_name:cmd.exe)",
                        "A D E"),
                v(
                        "((hostname:win-5ikqdnf9go1) (parent_name:explorer.exe -(process_name:notepad.exe OR process_name:cmd.exe)))",
                        "B F1 F2"),
                // field:( … ) distributes the field over the group.
                v("process_name:(chrome.exe OR cmd.exe)", "B D F1 F2"),
                v("domain:(google OR bing)", "F1 F2"),
                v("username:(alice OR system)", "A C E"),
                v("path:(notepad.exe OR googleupdate.exe)", "A C"),
                v("process_name:(chrome.exe cmd.exe)", ""),
                // Unfielded terms run over the default fields.
                v("backup.txt", "A"),
                v("lsass.exe", ""),
                v("remotethread", "D"),
                v("dc01", "E"));
    }

    @ParameterizedTest(name = "criteria q={0} {1} -> {2}")
    @MethodSource
    void criteria(String q, Map<String, String> params, String expected) throws Exception {
        clock.set(ReferenceFixture.NOW);
        expectWith(q, params, parse(expected));
    }

    static Stream<Arguments> criteria() {
        return Stream.of(
                Arguments.of("", Map.of("cb.q.hostname", "DC01"), "E"),
                // A cb.q value is one value, spaces included, as the UI sends it.
                Arguments.of("", Map.of("cb.q.group", "Domain Controllers"), "E"),
                // (B has one segment, so per-segment and comprehensive evaluation agree on this AND.)
                Arguments.of("process_name:chrome.exe", Map.of("cb.q.domain", "www.carbonblack.com"), "B"),
                Arguments.of(
                        "username:bob", Map.of("cb.q.process_name", "chrome.exe", "cb.q.domain", ".com"), "B F1 F2"),
                // Relative times in criteria, as watchlists use them (cb.q.start=-1440m).
                Arguments.of("", Map.of("cb.q.start", "-600m"), "D E"),
                Arguments.of("hostname:win-5ikqdnf9go1", Map.of("cb.fq.process_name", "chrome.exe"), "B F1 F2"),
                Arguments.of("", Map.of("cb.fq.host_type", "domain_controller"), "E"));
    }

    @Test
    @DisplayName("criteria: repeated cb.fq values of one field are alternatives (two ticked facet values) -> B D F1 F2")
    void repeatedFacetFiltersAreOred() throws Exception {
        // The reference is silent on repeats; a user ticking two values of one facet wants either.
        String u = url("", Map.of()) + "&cb.fq.process_name=chrome.exe&cb.fq.process_name=cmd.exe";
        assertEquals(EnumSet.of(B, D, F1, F2), docs(server, fixture, u));
    }

    @Test
    @DisplayName("sort last_server_update asc / desc on H1 -> A B F1 F2 C D / reversed")
    void sortByServerTime() throws Exception {
        assertEquals(List.of(A, B, F1, F2, C, D), sorted("hostname:win-5ikqdnf9go1", "last_server_update asc"));
        assertEquals(List.of(D, C, F2, F1, B, A), sorted("hostname:win-5ikqdnf9go1", "last_server_update desc"));
    }

    @Test
    @DisplayName("sort default (last_update desc) for process_name:chrome.exe -> F2 F1 B")
    void sortDefault() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("q", "process_name:chrome.exe");
        p.put("rows", "100");
        assertEquals(List.of(F2, F1, B), rowsInOrder(ok(server.get(rawUrl(p)))));
    }

    @Test
    @DisplayName("sort start asc, modload_count desc/asc, process_name asc")
    void sortOtherFields() throws Exception {
        assertEquals(List.of(A, C, D, E), sorted("-process_name:chrome.exe", "start asc"));
        assertEquals(List.of(A, E), sorted("modload_count:*", "modload_count desc"));
        assertEquals(List.of(E, A), sorted("modload_count:*", "modload_count asc"));
        assertEquals(
                List.of(D, A, E), sorted("process_name:(cmd.exe OR notepad.exe OR rundll32.exe)", "process_name asc"));
    }

    @Test
    @DisplayName("paging: start=2 rows=2 of H1 by last_server_update asc -> F1 F2, total 6")
    void paging() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("q", "hostname:win-5ikqdnf9go1");
        p.put("sort", "last_server_update asc");
        p.put("start", "2");
        p.put("rows", "2");
        JsonNode r = ok(server.get(rawUrl(p)));
        assertEquals(6, r.get("total_results").asInt());
        assertEquals(List.of(F1, F2), rowsInOrder(r));
    }

    @Test
    @DisplayName(
            "window cb.min_last_server_update=2016-11-30T10:00:00Z on chrome.exe -> F2; cb.max_last_update=2013-12-31 -> A B")
    void timeWindows() throws Exception {
        expectWith("process_name:chrome.exe", Map.of("cb.min_last_server_update", "2016-11-30T10:00:00Z"), F2);
        expectWith("", Map.of("cb.max_last_update", "2013-12-31T00:00:00Z"), A, B);
    }

    @Test
    @DisplayName("comprehensive_search=true (cbapi spelling): domain:google domain:bing -> F1 F2")
    void comprehensiveRequested() throws Exception {
        expectWith("domain:google domain:bing", Map.of("comprehensive_search", "true"), F1, F2);
        JsonNode r = ok(server.get(url("domain:google domain:bing", Map.of("comprehensive_search", "true"))));
        assertTrue(r.get("comprehensive_search").asBoolean(), r.toString());
    }

    // ================================================================================================================
    // Helpers.

    private static Arguments v(String query, String expected) {
        return Arguments.of(query, expected);
    }

    private static Doc[] parse(String names) {
        return names.isBlank()
                ? new Doc[0]
                : Arrays.stream(names.trim().split("\\s+")).map(Doc::valueOf).toArray(Doc[]::new);
    }

    private static void expect(String q, Doc... expected) throws Exception {
        expectWith(q, Map.of(), expected);
    }

    private static void expectWith(String q, Map<String, String> params, Doc... expected) throws Exception {
        Set<Doc> want = expected.length == 0 ? EnumSet.noneOf(Doc.class) : EnumSet.copyOf(Arrays.asList(expected));
        assertEquals(want, docs(server, fixture, url(q, params)), "q=" + q + " " + params);
    }

    /** The fixture rows of a search; fails on an error answer, a repeated row or a total that disagrees. */
    private static Set<Doc> docs(TestServer s, ReferenceFixture f, String url) throws Exception {
        JsonNode r = ok(s.get(url));
        Set<Doc> out = EnumSet.noneOf(Doc.class);
        for (JsonNode row : r.get("results")) {
            if (!out.add(f.doc(row))) fail("row " + f.doc(row) + " returned twice: " + r);
        }
        // Every page here holds all results (rows=100 > 7 rows), so the total must be the rows seen.
        assertEquals(out.size(), r.get("total_results").asInt(), "total_results of " + url);
        return out;
    }

    private static List<Doc> rowsInOrder(JsonNode r) {
        List<Doc> out = new ArrayList<>();
        for (JsonNode row : r.get("results")) out.add(fixture.doc(row));
        return out;
    }

    private static List<Doc> sorted(String q, String sort) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("q", q);
        p.put("sort", sort);
        p.put("rows", "100");
        return rowsInOrder(ok(server.get(rawUrl(p))));
    }

    private static void expectBinaries(String q, Binary... expected) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("q", q);
        p.put("rows", "100");
        JsonNode r = ok(server.get(rawUrl("/api/v1/binary", p)));
        Set<Binary> got = EnumSet.noneOf(Binary.class);
        for (JsonNode row : r.get("results")) got.add(fixture.binary(row));
        Set<Binary> want =
                expected.length == 0 ? EnumSet.noneOf(Binary.class) : EnumSet.copyOf(Arrays.asList(expected));
        assertEquals(want, got, "binary q=" + q);
        assertEquals(want.size(), r.get("total_results").asInt(), "binary q=" + q);
    }

    private static JsonNode ok(TestServer.Response r) {
        assertEquals(200, r.status(), r.text());
        return r.json();
    }

    /** A process search the way cbapi sends it (cb.urlver, facet=false, default sort), plus {@code params}. */
    private static String url(String q) {
        return url(q, Map.of());
    }

    private static String url(String q, Map<String, String> params) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("cb.urlver", "1");
        p.put("facet", "false");
        p.put("q", q);
        p.put("rows", "100");
        p.put("sort", "last_update desc");
        p.put("start", "0");
        p.putAll(params);
        return rawUrl(p);
    }

    private static String rawUrl(Map<String, String> params) {
        return rawUrl("/api/v1/process", params);
    }

    private static String rawUrl(String path, Map<String, String> params) {
        StringBuilder b = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
            sep = '&';
        }
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertHighlight(JsonNode highlights, String name, String uniqueId) {
        for (JsonNode h : highlights) {
            if (h.get("name").asText().equals(name)) {
                for (JsonNode id : h.get("ids")) if (id.asText().equals(uniqueId)) return;
                fail("highlight " + name + " does not list " + uniqueId + ": " + h);
            }
        }
        fail("no highlight " + name + " in " + highlights);
    }

    private static void assertFacet(JsonNode entry, int value, double ratio, int percent) {
        assertTrue(entry != null, "facet entry missing");
        assertEquals(value, entry.get("value").asInt(), entry.toString());
        // ratio is a percentage with about one decimal, percent relative to the top entry (clients parse both as
        // floats).
        assertEquals(ratio, entry.get("ratio").asDouble(), 0.05, entry.toString());
        assertEquals(percent, (int) Math.floor(entry.get("percent").asDouble()), entry.toString());
    }
}
