package io.lampblack.server.lucene.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.FileTimes;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import io.lampblack.protocol.events.SensorEvents.CbProcessMsg;
import io.lampblack.protocol.events.SensorEvents.CbStringMsg;
import io.lampblack.server.lucene.query.DynamicFieldResolver;
import io.lampblack.server.lucene.query.TagFieldResolver;
import io.lampblack.server.process.ProcessMetadataCache;
import io.lampblack.server.process.SegmentAssembler;
import io.lampblack.server.process.SensorContext;
import io.lampblack.server.search.ProcessHit;
import io.lampblack.server.search.ProcessSearch;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.store.Database;
import io.lampblack.server.store.JdbcTagStore;
import io.lampblack.server.tag.TagStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Comprehensive search, grouping and time windows (reference §4, vectors 36–38) on a real on-disk index fed by the
 * segment assembler. Rows are named like the reference fixture: B (chrome, one segment), F1/F2 (chrome, two
 * segments), D (cmd).
 */
class ComprehensiveSearchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SensorContext HOST =
            new SensorContext(3, "WIN-5IKQDNF9GO1", "Default Group", "windows", "workstation");
    private static final long T0 = Instant.parse("2016-11-30T09:00:00Z").toEpochMilli();
    private static final long PATH_REF = 7;

    @TempDir
    static Path dir;

    private static LuceneProcessIndex index;
    private static ProcessSearch search;
    private static final Map<String, String> NAMES = new HashMap<>();
    private static Database db;
    private static TagStore tags;

    @BeforeAll
    static void load() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);
        db = Database.open("", "", "", "", dir.resolve("meta"));
        tags = new JdbcTagStore(db, clock);
        index = new LuceneProcessIndex(
                dir.resolve("index"),
                16,
                60_000,
                clock,
                false,
                new TagFieldResolver(
                        tags,
                        TagStore.Scope.PROCESS,
                        clock,
                        LuceneProcessIndex::taggedDocuments,
                        DynamicFieldResolver.unsupported()));
        search = new ProcessSearch(index);
        SegmentAssembler assembler = new SegmentAssembler(new ProcessMetadataCache(100), index);
        // B: chrome talking to carbonblack.com; D: cmd talking to bing; F: chrome, google then bing in a later upload.
        upload(assembler, T0 - 3_600_000, "B", List.of(start(100, "chrome.exe"), netconn(100, "www.carbonblack.com")));
        upload(assembler, T0 - 1_800_000, "D", List.of(start(200, "cmd.exe"), netconn(200, "www.bing.com")));
        upload(assembler, T0 + 300_000, "F1", List.of(start(300, "chrome.exe"), netconn(300, "www.google.com")));
        upload(assembler, T0 + 3 * 3_600_000, "F2", List.of(netconn(300, "www.bing.com", 3_600_000)));
        // G: its first upload holds no start event (metadata unknown in G1); the start, with the command line,
        // arrives in the next upload (G2).
        upload(assembler, T0 + 5 * 3_600_000, "G1", List.of(netconn(400, "a.example.com")));
        upload(assembler, T0 + 6 * 3_600_000, "G2", List.of(start(400, "aaa.exe", "evil.exe --x")));
        index.refresh();
    }

    @AfterAll
    static void close() {
        index.close();
        db.close();
    }

    private static void upload(SegmentAssembler assembler, long serverTime, String name, List<CbEventMsg> events)
            throws Exception {
        var segments = assembler.assemble(
                HOST, serverTime, EventLogReader.decodeStrict(EventLogWriter.frame(events), 1 << 20));
        assertEquals(1, segments.size());
        NAMES.put(segments.getFirst().uniqueId(), name);
        index.add(segments, false);
    }

    private static long create(int pid) {
        return FileTimes.fromEpochMillis(T0 - 86_400_000L + pid);
    }

    private static CbHeaderMsg.Builder header(int pid) {
        return CbHeaderMsg.newBuilder()
                .setVersion(4)
                .setProcessPid(pid)
                .setProcessCreateTime(create(pid))
                .setTimestamp(FileTimes.fromEpochMillis(T0 - 86_400_000L + pid * 1000L));
    }

    private static CbEventMsg start(int pid, String name) {
        return start(pid, name, name);
    }

    private static CbEventMsg start(int pid, String name, String cmdline) {
        return CbEventMsg.newBuilder()
                .setHeader(header(pid).setFilepathStringGuid(PATH_REF))
                .addStrings(CbStringMsg.newBuilder()
                        .setGuid(PATH_REF)
                        .setUtf8String(ByteString.copyFromUtf8("c:\\windows\\" + name)))
                .setProcess(CbProcessMsg.newBuilder()
                        .setPid(pid)
                        .setCreated(true)
                        .setParentPid(4)
                        .setCommandline(ByteString.copyFromUtf8(cmdline))
                        .setUsername("CORP\\bob")
                        .setCreationobserved(true))
                .build();
    }

    private static CbEventMsg netconn(int pid, String domain) {
        return netconn(pid, domain, 0);
    }

    /** A connection {@code laterMillis} after the process's other events (sensor clock). */
    private static CbEventMsg netconn(int pid, String domain, long laterMillis) {
        CbHeaderMsg.Builder h = header(pid);
        h.setTimestamp(FileTimes.fromEpochMillis(FileTimes.toEpochMillis(h.getTimestamp()) + laterMillis));
        return CbEventMsg.newBuilder()
                .setHeader(h)
                .setNetwork(CbNetConnMsg.newBuilder()
                        .setIpv4Address(0x08080808)
                        .setPort(443)
                        .setOutbound(true)
                        .setUtf8Netpath(ByteString.copyFromUtf8(domain)))
                .build();
    }

    private static ProcessSearch.Outcome run(String... kv) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2)
            params.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        params.putIfAbsent("rows", List.of("100"));
        return search.search(params);
    }

    private static Set<String> rows(ProcessSearch.Outcome out) {
        Set<String> names = new TreeSet<>();
        for (ProcessHit h : out.results().hits()) names.add(NAMES.get(h.uniqueId()));
        return names;
    }

    @Test
    void andAcrossSegmentsJoinsTheWholeProcess() {
        var out = run("q", "domain:google AND domain:bing");
        assertEquals(Set.of("F1", "F2"), rows(out));
        assertTrue(out.comprehensive());
        var legacy = run("q", "domain:google AND domain:bing", "cb.legacy_5x_mode", "true");
        assertEquals(Set.of(), rows(legacy));
        assertFalse(legacy.comprehensive());
    }

    @Test
    void notExcludesTheWholeProcess() {
        assertEquals(Set.of("B"), rows(run("q", "process_name:chrome.exe -domain:bing")));
        assertEquals(
                Set.of("B", "F1"), rows(run("q", "process_name:chrome.exe -domain:bing", "cb.legacy_5x_mode", "true")));
        assertEquals(Set.of("B", "G1", "G2"), rows(run("q", "-domain:bing")));
        assertEquals(Set.of("B", "D", "G1", "G2"), rows(run("q", "-domain:google")));
        // Several negated clauses of one AND are evaluated together; the answer is the same.
        assertEquals(
                Set.of("B"), rows(run("q", "process_name:chrome.exe -domain:bing -domain:a.example.com -cmdline:x")));
        assertEquals(Set.of("D", "F1", "F2"), rows(run("q", "domain:bing OR (domain:google -domain:carbonblack)")));
    }

    @Test
    void singleClausesStayPerSegmentUnlessForced() {
        assertEquals(Set.of("F1"), rows(run("q", "domain:google")));
        assertEquals(Set.of("F1", "F2"), rows(run("q", "domain:google", "cb.comprehensive_search", "true")));
        assertEquals(Set.of("F1", "F2"), rows(run("q", "domain:google", "comprehensive_search", "true")));
    }

    @Test
    void onlyFieldsFixedByTheGuidSkipTheJoin() {
        var out = run("q", "sensor_id:3 -process_pid:200");
        assertEquals(Set.of("B", "F1", "F2", "G1", "G2"), rows(out));
        assertFalse(out.comprehensive());
    }

    @Test
    void metadataMissingFromEarlySegmentsIsJoinedFromLaterOnes() {
        // G1 was written before G's start event, so it does not know the command line; G2 does. Per process, G
        // has the command line, so NOT excludes both of its segments.
        var out = run("q", "domain:a.example.com -cmdline:evil.exe");
        assertEquals(Set.of(), rows(out));
        assertTrue(out.comprehensive());
        assertEquals(
                Set.of("G1"), rows(run("q", "domain:a.example.com -cmdline:evil.exe", "cb.legacy_5x_mode", "true")));
        assertFalse(rows(run("q", "-cmdline:evil.exe")).contains("G1"));
    }

    @Test
    void groupByProcessReturnsTheFirstSegmentInSortOrder() {
        var out = run("q", "process_name:chrome.exe", "cb.group", "id");
        assertEquals(2, out.results().total());
        assertEquals(Set.of("B", "F2"), rows(out));
        var asc = run("q", "process_name:chrome.exe", "cb.group", "id", "sort", "last_server_update asc");
        assertEquals(Set.of("B", "F1"), rows(asc));
        var windowed = run(
                "q", "process_name:chrome.exe", "cb.group", "id", "cb.min_last_server_update", "2016-11-30T09:00:00Z");
        assertEquals(1, windowed.results().total());
        assertEquals(Set.of("F2"), rows(windowed));
        assertThrows(IllegalArgumentException.class, () -> run("q", "", "cb.group", "hostname"));
    }

    @Test
    void timeWindowsFilterSegments() {
        assertEquals(
                Set.of("F1"),
                rows(run(
                        "q",
                        "process_name:chrome.exe",
                        "cb.min_last_server_update",
                        "2016-11-30T09:00:00Z",
                        "cb.max_last_server_update",
                        "2016-11-30T10:00:00Z")));
        assertEquals(Set.of("B", "D"), rows(run("q", "", "cb.max_last_server_update", "2016-11-30T09:00:00Z")));
        // A join only sees segments inside the window: bing (F2) is outside, so F is not excluded.
        assertEquals(
                Set.of("B", "F1"),
                rows(run(
                        "q",
                        "process_name:chrome.exe -domain:bing",
                        "cb.max_last_server_update",
                        "2016-11-30T10:00:00Z")));
        assertThrows(IllegalArgumentException.class, () -> run("cb.min_last_update", "yesterday"));
        // A bare date as an upper bound includes that day.
        assertEquals(
                Set.of("B", "D", "F1", "F2", "G1", "G2"),
                rows(run("q", "", "cb.max_last_server_update", "2016-11-30")));
        assertEquals(Set.of(), rows(run("q", "", "cb.max_last_server_update", "2016-11-29")));
    }

    @Test
    void groupedPagesPastTheEndAreEmptyAndAnySortFieldWorks() {
        var far = run("q", "", "cb.group", "id", "start", "1073741814", "rows", "10");
        assertEquals(4, far.results().total());
        assertTrue(far.results().hits().isEmpty());
        // A keyword sort: G1's "(unknown)" sorts before every name, so G's first segment ascending is G1.
        var byName = run("q", "", "cb.group", "id", "sort", "process_name asc", "rows", "1");
        assertEquals(Set.of("G1"), rows(byName));
        assertEquals(
                4,
                run("q", "", "cb.group", "id", "sort", "process_md5 desc")
                        .results()
                        .hits()
                        .size());
        var byNameDesc = run("q", "", "cb.group", "id", "sort", "process_name desc", "rows", "1");
        assertEquals(Set.of("D"), rows(byNameDesc));
    }

    @Test
    void facetsCountSegmentsOrProcesses() {
        var perSegment = run("q", "", "facet", "true", "facet.field", "process_name", "rows", "0");
        assertEquals(
                java.util.Map.of("chrome.exe", 3L, "cmd.exe", 1L, "aaa.exe", 1L, "(unknown)", 1L),
                counts(perSegment.facets().get("process_name")));
        // Grouped: each process once, described by its newest segment (G2 knows G's name, G1 does not).
        var perProcess = run("q", "", "facet", "true", "facet.field", "process_name", "rows", "0", "cb.group", "id");
        assertEquals(
                java.util.Map.of("chrome.exe", 2L, "cmd.exe", 1L, "aaa.exe", 1L),
                counts(perProcess.facets().get("process_name")));
        var entry = perSegment.facets().get("process_name").getFirst();
        assertEquals("chrome.exe", entry.get("name"));
        assertEquals(100L, ((Number) entry.get("percent")).longValue());
        assertEquals(50.0, ((Number) entry.get("ratio")).doubleValue());
        assertThrows(IllegalArgumentException.class, () -> run("q", "", "facet", "true", "facet.field", "cmdline"));
    }

    private static java.util.Map<String, Long> counts(List<Map<String, Object>> entries) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        for (var e : entries) out.put((String) e.get("name"), ((Number) e.get("value")).longValue());
        return out;
    }

    @Test
    void bothGroupingPathsGiveTheSamePages() {
        for (String sortField : List.of("last_update", "process_name", "segment_id", "process_md5")) {
            for (boolean desc : List.of(true, false)) {
                org.apache.lucene.search.Sort sort =
                        new org.apache.lucene.search.Sort(io.lampblack.server.lucene.schema.SortFields.of(
                                io.lampblack.server.search.schema.ProcessSchema.INSTANCE
                                        .field(sortField)
                                        .orElseThrow(),
                                desc));
                for (int start = 0; start < 5; start++) {
                    int from = start;
                    var fast = index.read(s -> ProcessGrouping.firstPerProcess(
                            s, new org.apache.lucene.search.MatchAllDocsQuery(), sort, from, 2, true));
                    var full = index.read(s -> ProcessGrouping.firstPerProcess(
                            s, new org.apache.lucene.search.MatchAllDocsQuery(), sort, from, 2, false));
                    assertEquals(full.processes(), fast.processes());
                    assertEquals(
                            full.page().stream().map(d -> d.doc).toList(),
                            fast.page().stream().map(d -> d.doc).toList(),
                            sortField + (desc ? " desc" : " asc") + " start " + start);
                }
            }
        }
    }

    @Test
    void groupedPagesWalkEveryProcess() throws Exception {
        var first = run("q", "", "cb.group", "id", "rows", "1", "start", "0");
        var second = run("q", "", "cb.group", "id", "rows", "1", "start", "1");
        var third = run("q", "", "cb.group", "id", "rows", "1", "start", "2");
        var fourth = run("q", "", "cb.group", "id", "rows", "1", "start", "3");
        assertEquals(4, first.results().total());
        Set<String> seen = new TreeSet<>();
        for (var o : List.of(first, second, third, fourth)) {
            JsonNode d = JSON.readTree(o.results().hits().getFirst().json());
            seen.add(d.get("id").asText());
        }
        assertEquals(4, seen.size());
    }

    private static String uid(String name) {
        return NAMES.entrySet().stream()
                .filter(e -> e.getValue().equals(name))
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    @Test
    void tagClausesReadTheTagStore() {
        long hit = Instant.parse("2014-05-01T10:00:00Z").toEpochMilli();
        tags.put(TagStore.Scope.PROCESS, uid("F2"), "watchlist_4", hit);
        tags.put(TagStore.Scope.PROCESS, uid("B").substring(0, 36), "alliance_score_virustotal", 15);
        tags.put(TagStore.Scope.PROCESS, uid("D"), "alliance_score_virustotal", -3);
        assertEquals(Set.of("F2"), rows(run("q", "watchlist_4:*")));
        assertEquals(Set.of("F2"), rows(run("q", "watchlist_4:[2014-04-01 TO 2014-09-30]")));
        assertEquals(Set.of(), rows(run("q", "watchlist_4:[2014-06-01 TO *]")));
        assertEquals(Set.of("F2"), rows(run("q", "watchlist_4:2014-05-01")));
        assertEquals(Set.of("B"), rows(run("q", "alliance_score_virustotal:*")));
        assertEquals(Set.of("B"), rows(run("q", "alliance_score_virustotal:[10 TO *]")));
        assertEquals(Set.of("B", "D"), rows(run("q", "alliance_score_virustotal:[* TO 100]")));
        assertEquals(Set.of("D", "F1", "F2", "G1", "G2"), rows(run("q", "-alliance_score_virustotal:*")));
        assertEquals(Set.of(), rows(run("q", "alliance_score_srstrust:*")));
        // Comprehensive: a tag on one segment joins with an event of another segment of the same process.
        assertEquals(Set.of("F1", "F2"), rows(run("q", "watchlist_4:* domain:google")));
        assertThrows(QuerySyntaxException.class, () -> run("q", "alliance_score_virustotal:high"));
        assertThrows(QuerySyntaxException.class, () -> run("q", "alliance_link_virustotal:*"));
        // Keys are case-insensitive: an upper-case GUID names the same process.
        tags.put(TagStore.Scope.PROCESS, uid("D").substring(0, 36).toUpperCase(), "watchlist_9", hit);
        assertEquals(Set.of("D"), rows(run("q", "watchlist_9:*")));
        assertEquals(
                1,
                tags.tagsOf(TagStore.Scope.PROCESS, List.of(uid("D").substring(0, 36)))
                        .size());
        tags.remove(TagStore.Scope.PROCESS, uid("F2"), "watchlist_4");
        assertEquals(Set.of(), rows(run("q", "watchlist_4:*")));
    }

    /**
     * Comprehensive search translates each subtree holding an AND or NOT on its own; the limits still apply to the
     * query as a whole (each of these wildcards alone is well within them, the hundred together are not).
     */
    @Test
    void theWildcardLimitAppliesToTheWholeQueryInComprehensiveSearch() {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            q.append(i > 0 ? " OR " : "").append("(w").append(i).append("* AND NOT process_name:cmd.exe)");
        }
        QuerySyntaxException e = assertThrows(
                QuerySyntaxException.class, () -> run("q", q.toString(), "cb.comprehensive_search", "true"));
        assertTrue(e.getMessage().startsWith("the query has more than 1024 wildcard patterns"), e.getMessage());
    }

    @Test
    void malformedQueriesStillFail() {
        assertThrows(
                QuerySyntaxException.class, () -> run("q", "domain:google AND (", "cb.comprehensive_search", "true"));
    }
}
