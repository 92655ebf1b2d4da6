package io.lampblack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole query benchmark at toy scale (a real server, uploads over HTTPS, every class, REST): it must produce a
 * line for every class, and wherever our search answers, the same totals and first pages as the hand-built Lucene
 * queries. No timing is asserted.
 */
class QueryBenchIT {

    /** Classes our search supports today; the others may print n/a until their feature lands. */
    private static final List<String> SUPPORTED = List.of(
            "process_name",
            "path_wildcard",
            "domain",
            "ipaddr_cidr",
            "cmdline",
            "time_range",
            "group_by",
            "comprehensive_and",
            "comprehensive_not",
            "time_window",
            "facet",
            "binary_join");

    @Test
    void everyClassReportsAndAgreesWithTheHandBuiltQueries() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        QueryBench.Report report;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            report = QueryBench.run(
                    QueryBench.Options.parse(new String[] {
                        "--events",
                        "20000",
                        "--sensors",
                        "4",
                        "--connections",
                        "2",
                        "--iterations",
                        "3",
                        "--warmup",
                        "1",
                        "--seconds",
                        "10",
                        "--rest-requests",
                        "3"
                    }),
                    out);
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        List<String> classes = QueryMix.classes(new QueryMix.Bounds(0, 0, 0, 0, 0, 0)).stream()
                .map(QueryMix.QueryClass::name)
                .toList();
        assertEquals(
                classes,
                report.classes().stream().map(QueryBench.ClassResult::name).toList());
        for (String c : classes) {
            assertTrue(text.contains("query_p50_ms{class=\"" + c + "\"} "), "no line for class " + c + ":\n" + text);
            assertTrue(
                    text.contains("ceiling_p50_ms{class=\"" + c + "\"} "), "no ceiling for class " + c + ":\n" + text);
        }
        for (QueryBench.ClassResult r : report.classes()) {
            if (SUPPORTED.contains(r.name())) assertNull(r.oursNa(), r.name() + " should be measured:\n" + text);
        }
        assertEquals(List.of(), report.warnings(), text);
        assertTrue(text.contains("index_disk_mb_per_million_events "), text);
    }
}
