package io.lampblack.bench;

import io.lampblack.sensor.simulate.SyntheticCatalog;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The fixed query mix of {@code ./lampblack bench query}: classes of queries, each with a few concrete queries
 * that the benchmark rotates through. Every concrete query has the request parameters the REST API would hand to
 * {@code ProcessSearch} and the same logical query built by hand on Lucene (the ceiling, {@link HandBuilt}); for
 * features that may still be missing, also the total our search would report if it ignored the feature, so that
 * "not there yet" is told apart from "wrong".
 */
final class QueryMix {

    /** The hand-built answer of one concrete query. */
    @FunctionalInterface
    interface Ceiling {
        HandBuilt.Answer run(IndexSearcher s, HandBuilt h) throws IOException;
    }

    /** The total our search would report if it ignored the feature the class is about. */
    @FunctionalInterface
    interface IgnoredTotal {
        long count(IndexSearcher s, HandBuilt h) throws IOException;
    }

    /**
     * One concrete query.
     *
     * @param label       how the figures name it (the request parameters that matter)
     * @param params      request parameters as the REST API passes them to ProcessSearch
     * @param facetFields fields whose facet counts are compared (facet class)
     */
    record Probe(
            String label,
            Map<String, List<String>> params,
            Ceiling ceiling,
            Optional<IgnoredTotal> ignored,
            List<String> facetFields) {}

    /**
     * A class of queries.
     *
     * @param targetP99Ms     the p99 target for the class
     * @param ignoredMeans    what it means when our total equals the "feature ignored" total: the n/a reason
     * @param rest            whether the class is also measured over HTTPS
     */
    record QueryClass(String name, int targetP99Ms, String ignoredMeans, boolean rest, List<Probe> probes) {}

    /** What the data decides: time bounds that select a share of the segments. */
    record Bounds(long serverT50, long serverT75, long serverT90, long startT40, long startT50, long startT80) {}

    private static final DateTimeFormatter ISO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private QueryMix() {}

    /** Some values are typed in mixed case, as users do: matching is case-insensitive. */
    static List<QueryClass> classes(Bounds b) {
        List<QueryClass> out = new ArrayList<>();
        out.add(new QueryClass(
                "process_name",
                50,
                "",
                true,
                List.of(
                        simple("process_name:svchost.exe", term("process_name", "svchost.exe")),
                        simple("process_name:chrome.exe", term("process_name", "chrome.exe")),
                        simple("process_name:PowerShell.exe", term("process_name", "powershell.exe")),
                        simple("process_name:sqlservr.exe", term("process_name", "sqlservr.exe")))));
        out.add(new QueryClass(
                "path_wildcard",
                50,
                "",
                true,
                List.of(
                        paths("path:c:\\windows\\system32\\*", "c:/windows/system32/", p -> true),
                        paths("path:system*", "", p -> HandBuilt.subPathStartsWith(p, "system")),
                        paths("path:C:\\Users\\*", "c:/users/", p -> true),
                        paths(
                                "path:appdata\\local\\temp\\*",
                                "",
                                p -> HandBuilt.subPathStartsWith(p, "appdata/local/temp/")))));
        // Domains are indexed as labels with their dots: ".com" is a last label, "www." a first one.
        out.add(new QueryClass(
                "domain",
                50,
                "",
                true,
                List.of(
                        simple("domain:.com", term("domain", ".com")),
                        simple("domain:www.Example.com", new PhraseQuery("domain", "www.", ".example.", ".com")),
                        simple("domain:.corp.local", new PhraseQuery("domain", ".corp.", ".local")),
                        simple(
                                "domain:login.microsoftonline.com",
                                new PhraseQuery("domain", "login.", ".microsoftonline.", ".com")))));
        out.add(new QueryClass(
                "ipaddr_cidr",
                50,
                "",
                false,
                List.of(
                        simple("ipaddr:10.1.0.0/16", cidr(10, 1, 0, 0, 16)),
                        simple("ipaddr:13.107.0.0/16", cidr(13, 107, 0, 0, 16)),
                        simple("ipaddr:192.168.1.0/24", cidr(192, 168, 1, 0, 24)),
                        simple("ipaddr:93.184.216.34", cidr(93, 184, 216, 34, 32)))));
        // Command lines are tokenized: switches keep their slash or dash, files also yield their extension.
        out.add(new QueryClass(
                "cmdline",
                50,
                "",
                true,
                List.of(
                        simple("cmdline:/svc", term("cmdline", "/svc")),
                        simple("cmdline:Execute*", new PrefixQuery(new Term("cmdline", "execute"))),
                        simple("cmdline:.docx", term("cmdline", ".docx")),
                        simple("cmdline:\"-k netsvcs\"", new PhraseQuery("cmdline", "-k", "netsvcs")))));
        out.add(new QueryClass(
                "binary_join",
                50,
                "",
                false,
                List.of(
                        simple("digsig_result_modload:Unsigned", md5s("modload_md5", "Unsigned")),
                        simple("digsig_result:Unsigned", md5s("process_md5", "Unsigned")),
                        simple("digsig_result_modload:Expired", md5s("modload_md5", "Expired")))));
        out.add(new QueryClass(
                "facet",
                50,
                "",
                false,
                List.of(
                        facet("", new MatchAllDocsQuery(), "process_name"),
                        facet("domain:.com", term("domain", ".com"), "process_name", "hostname"),
                        facet("path:c:\\windows\\system32\\*", null, "process_name"))));
        out.add(new QueryClass(
                "group_by",
                50,
                "cb.group=id is ignored, or total_results counts segments rather than processes",
                false,
                List.of(
                        group("process_name:chrome.exe", term("process_name", "chrome.exe")),
                        group("domain:.com", term("domain", ".com")),
                        group("cmdline:.docx", term("cmdline", ".docx")))));
        out.add(new QueryClass(
                "comprehensive_and",
                250,
                "evaluated per segment, not per process (comprehensive search)",
                false,
                List.of(
                        allOf(
                                "domain:www.google.com AND domain:www.bing.com",
                                new PhraseQuery("domain", "www.", ".google.", ".com"),
                                new PhraseQuery("domain", "www.", ".bing.", ".com")),
                        allOf(
                                "domain:login.microsoftonline.com AND domain:outlook.office365.com",
                                new PhraseQuery("domain", "login.", ".microsoftonline.", ".com"),
                                new PhraseQuery("domain", "outlook.", ".office365.", ".com")),
                        allOf(
                                "process_name:svchost.exe domain:update.microsoft.com domain:dc01.corp.local",
                                term("process_name", "svchost.exe"),
                                new PhraseQuery("domain", "update.", ".microsoft.", ".com"),
                                new PhraseQuery("domain", "dc01.", ".corp.", ".local")))));
        out.add(new QueryClass(
                "comprehensive_not",
                250,
                "evaluated per segment, not per process (comprehensive search)",
                false,
                List.of(
                        butNot(
                                "process_name:chrome.exe -domain:www.google.com",
                                term("process_name", "chrome.exe"),
                                new PhraseQuery("domain", "www.", ".google.", ".com")),
                        butNot(
                                "process_name:outlook.exe -domain:login.microsoftonline.com",
                                term("process_name", "outlook.exe"),
                                new PhraseQuery("domain", "login.", ".microsoftonline.", ".com")),
                        butNot(
                                "process_name:svchost.exe -ipaddr:10.1.0.0/16",
                                term("process_name", "svchost.exe"),
                                cidr(10, 1, 0, 0, 16)))));
        out.add(new QueryClass(
                "time_window",
                50,
                "cb.min_last_server_update/cb.max_last_server_update are ignored: total_results is the unwindowed total",
                false,
                List.of(
                        window(
                                "process_name:svchost.exe",
                                term("process_name", "svchost.exe"),
                                b.serverT75(),
                                Long.MAX_VALUE),
                        window("domain:.com", term("domain", ".com"), b.serverT50(), b.serverT75()),
                        window("", new MatchAllDocsQuery(), b.serverT90(), Long.MAX_VALUE))));
        out.add(new QueryClass(
                "time_range",
                50,
                "",
                false,
                List.of(
                        simple(
                                "start:[" + iso(b.startT40()) + " TO " + iso(b.startT50()) + "]",
                                LongPoint.newRangeQuery("start", b.startT40(), b.startT50())),
                        simple(
                                "process_name:chrome.exe start:[" + iso(b.startT80()) + " TO *]",
                                and(
                                        term("process_name", "chrome.exe"),
                                        LongPoint.newRangeQuery("start", b.startT80(), Long.MAX_VALUE))),
                        simple(
                                "last_server_update:[" + iso(b.serverT75()) + " TO *]",
                                LongPoint.newRangeQuery("last_server_update", b.serverT75(), Long.MAX_VALUE)))));
        return out;
    }

    /** Bounds rounded down to whole seconds, as a client types them. */
    static Bounds bounds(IndexSearcher s) throws IOException {
        long[] server = HandBuilt.quantiles(s, "last_server_update", 0.5, 0.75, 0.9);
        long[] start = HandBuilt.quantiles(s, "start", 0.4, 0.5, 0.8);
        return new Bounds(sec(server[0]), sec(server[1]), sec(server[2]), sec(start[0]), sec(start[1]), sec(start[2]));
    }

    private static long sec(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
    }

    static String iso(long millis) {
        return ISO_SECONDS.format(Instant.ofEpochMilli(millis));
    }

    // ---------------------------------------------------------------- probe shapes

    /** The parameters every search of the mix sends, as cbapi does: new-style URL, first page of ten. */
    private static Map<String, List<String>> params(String q, String... more) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("cb.urlver", List.of("1"));
        p.put("q", List.of(q));
        p.put("start", List.of("0"));
        p.put("rows", List.of("10"));
        for (int i = 0; i + 1 < more.length; i += 2)
            p.computeIfAbsent(more[i], k -> new ArrayList<>()).add(more[i + 1]);
        p.replaceAll((k, v) -> List.copyOf(v));
        return p;
    }

    private static Probe simple(String q, Query handBuilt) {
        return new Probe(q, params(q), (s, h) -> HandBuilt.page(s, handBuilt), Optional.empty(), List.of());
    }

    private static Probe paths(String q, String prefix, java.util.function.Predicate<String> matches) {
        return new Probe(
                q,
                params(q),
                (s, h) -> HandBuilt.page(s, HandBuilt.wholePaths(s, "path", prefix, matches)),
                Optional.empty(),
                List.of());
    }

    /** A facet request (rows=0). A null hand-built query stands for "system32 processes", resolved by path. */
    private static Probe facet(String q, Query handBuilt, String... fields) {
        Map<String, List<String>> p = params(q, "facet", "true");
        p = new LinkedHashMap<>(p);
        p.put("rows", List.of("0"));
        p.put("facet.field", List.of(fields));
        List<String> f = List.of(fields);
        String label = "q=" + q + "&facet=true"
                + String.join("", f.stream().map(x -> "&facet.field=" + x).toList()) + "&rows=0";
        return new Probe(
                label,
                Map.copyOf(p),
                (s, h) -> HandBuilt.faceted(
                        s,
                        handBuilt != null
                                ? handBuilt
                                : HandBuilt.wholePaths(s, "path", "c:/windows/system32/", x -> true),
                        f),
                Optional.empty(),
                f);
    }

    private static Probe group(String q, Query handBuilt) {
        return new Probe(
                "q=" + q + "&cb.group=id",
                params(q, "cb.group", "id"),
                (s, h) -> h.grouped(s, handBuilt),
                Optional.of((s, h) -> HandBuilt.count(s, handBuilt)),
                List.of());
    }

    /** Clauses ANDed at the process level: processes having each clause in some segment, all their segments. */
    private static Probe allOf(String q, Query... clauses) {
        return new Probe(
                q,
                params(q),
                (s, h) -> {
                    var set = h.processes(s, clauses[0]);
                    for (int i = 1; i < clauses.length; i++) set.and(h.processes(s, clauses[i]));
                    return h.segmentsOf(s, set);
                },
                Optional.of((s, h) -> HandBuilt.count(s, and(clauses))),
                List.of());
    }

    /** {@code a -b} at the process level: processes with a segment matching a and none matching b. */
    private static Probe butNot(String q, Query a, Query b) {
        return new Probe(
                q,
                params(q),
                (s, h) -> {
                    var set = h.processes(s, a);
                    set.andNot(h.processes(s, b));
                    return h.segmentsOf(s, set);
                },
                Optional.of((s, h) -> HandBuilt.count(
                        s,
                        new BooleanQuery.Builder()
                                .add(a, Occur.MUST)
                                .add(b, Occur.MUST_NOT)
                                .build())),
                List.of());
    }

    /** A server-time window given as cb.min/max_last_server_update (inclusive bounds, whole seconds). */
    private static Probe window(String q, Query handBuilt, long min, long max) {
        List<String> extra = new ArrayList<>(List.of("cb.min_last_server_update", iso(min) + "Z"));
        if (max != Long.MAX_VALUE) extra.addAll(List.of("cb.max_last_server_update", iso(max) + "Z"));
        String label = "q=" + q + "&" + extra.get(0) + "=" + extra.get(1)
                + (extra.size() > 2 ? "&" + extra.get(2) + "=" + extra.get(3) : "");
        Query windowed = and(handBuilt, LongPoint.newRangeQuery("last_server_update", min, max));
        return new Probe(
                label,
                params(q, extra.toArray(String[]::new)),
                (s, h) -> HandBuilt.page(s, windowed),
                Optional.of((s, h) -> HandBuilt.count(s, handBuilt)),
                List.of());
    }

    // ---------------------------------------------------------------- hand-built leaves

    private static Query term(String field, String value) {
        return new TermQuery(new Term(field, value));
    }

    private static Query and(Query... clauses) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (Query c : clauses) b.add(c, Occur.FILTER);
        return b.build();
    }

    /**
     * Remote IPv4 addresses are int points with the sign bit flipped (so that address order is int order); a CIDR
     * block is one range.
     */
    private static Query cidr(int a, int b, int c, int d, int prefix) {
        int address = (a << 24) | (b << 16) | (c << 8) | d;
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        int first = address & mask;
        int last = first | ~mask;
        return IntPoint.newRangeQuery("ipaddr", first ^ Integer.MIN_VALUE, last ^ Integer.MIN_VALUE);
    }

    /**
     * A binary join as the binary index would answer it: the MD5s (lower-case hex, as process documents hold them)
     * of the binaries whose module-info message reported this signature result, looked up in the related MD5 field.
     */
    private static Query md5s(String field, String digsigResult) {
        List<BytesRef> md5s = new ArrayList<>();
        for (SyntheticCatalog.Binary bin : SyntheticCatalog.binaries()) {
            if (bin.digsigResult().equals(digsigResult))
                md5s.add(new BytesRef(bin.md5().toLowerCase(Locale.ROOT)));
        }
        return new TermInSetQuery(field, md5s);
    }
}
