package io.lampblack.server.lucene.facet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.search.facet.FacetEntry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/** Facet counts as clients read them (reference §5), over each kind of doc values. */
class FacetCounterTest {

    private static final Instant NOW = Instant.parse("2016-12-02T06:00:00Z");
    private final FacetCounter counter = new FacetCounter(Clock.fixed(NOW, ZoneOffset.UTC));

    private interface Docs {
        void add(IndexWriter w) throws IOException;
    }

    private static <T> T withIndex(Docs docs, SearchWork<T> work) throws IOException {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
                docs.add(w);
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                return work.run(new IndexSearcher(reader));
            }
        }
    }

    private interface SearchWork<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    private static Document doc(String host, String... names) {
        Document d = new Document();
        d.add(new StringField("host", host, Field.Store.NO));
        d.add(new SortedDocValuesField("host_dv", new BytesRef(host)));
        for (String n : names) {
            d.add(new SortedSetDocValuesField("name", new BytesRef(n)));
        }
        return d;
    }

    @Test
    void referenceFacetVector() throws IOException {
        // Reference §6.2 extra vector: segments A, B, C, D, F1, F2 of H1 faceted on process_name.
        Map<String, List<FacetEntry>> f = withIndex(
                w -> {
                    for (String name : List.of(
                            "notepad.exe", "chrome.exe", "googleupdate.exe", "cmd.exe", "chrome.exe", "chrome.exe")) {
                        w.addDocument(doc("h1", name));
                    }
                    w.addDocument(doc("dc01", "rundll32.exe"));
                },
                s -> counter.count(s, new TermQuery(new Term("host", "h1")), List.of(FacetRequest.terms("name"))));
        assertEquals(
                List.of(
                        new FacetEntry("chrome.exe", 3, 100, 50.0),
                        new FacetEntry("cmd.exe", 1, 33, 16.7),
                        new FacetEntry("googleupdate.exe", 1, 33, 16.7),
                        new FacetEntry("notepad.exe", 1, 33, 16.7)),
                f.get("name"));
    }

    @Test
    void multiValuedDocumentsCountOncePerValueAndSortedDocValuesWorkToo() throws IOException {
        Map<String, List<FacetEntry>> f = withIndex(
                w -> {
                    w.addDocument(doc("a", "x", "y", "x"));
                    w.addDocument(doc("a", "x"));
                    w.commit(); // a second index segment: counts merge across segments
                    w.addDocument(doc("b", "z"));
                },
                s -> counter.count(
                        s,
                        new MatchAllDocsQuery(),
                        List.of(
                                FacetRequest.terms("name"),
                                new FacetRequest("hosts", "host_dv", FacetRequest.Kind.TERMS, 0))));
        assertEquals(
                List.of(
                        new FacetEntry("x", 2, 100, 50.0),
                        new FacetEntry("y", 1, 50, 25.0),
                        new FacetEntry("z", 1, 50, 25.0)),
                f.get("name"));
        assertEquals(List.of(new FacetEntry("a", 2, 100, 66.7), new FacetEntry("b", 1, 50, 33.3)), f.get("hosts"));
    }

    @Test
    void onlyTheTopTwoHundredAreReportedButRatiosUseAllCounts() throws IOException {
        Map<String, List<FacetEntry>> f = withIndex(
                w -> {
                    for (int i = 0; i < 250; i++) {
                        w.addDocument(doc("h", String.format("v%03d", i)));
                    }
                    w.addDocument(doc("h", "v000"));
                },
                s -> counter.count(s, new MatchAllDocsQuery(), List.of(FacetRequest.terms("name"))));
        List<FacetEntry> entries = f.get("name");
        assertEquals(FacetCounter.MAX_ENTRIES, entries.size());
        assertEquals(new FacetEntry("v000", 2, 100, 0.8), entries.getFirst());
        assertEquals(new FacetEntry("v001", 1, 50, 0.4), entries.get(1));
        assertEquals("v199", entries.getLast().name());
    }

    @Test
    void numbersAreCountedAsNumbers() throws IOException {
        Map<String, List<FacetEntry>> f = withIndex(
                w -> {
                    for (long v : new long[] {3, 1, 3}) {
                        Document d = new Document();
                        d.add(new NumericDocValuesField("count", v));
                        d.add(new SortedNumericDocValuesField("ports", v));
                        d.add(new SortedNumericDocValuesField("ports", v));
                        d.add(new SortedNumericDocValuesField("ports", 443));
                        w.addDocument(d);
                    }
                },
                s -> counter.count(
                        s,
                        new MatchAllDocsQuery(),
                        List.of(FacetRequest.numbers("count"), FacetRequest.numbers("ports"))));
        assertEquals(List.of(new FacetEntry(3L, 2, 100, 66.7), new FacetEntry(1L, 1, 50, 33.3)), f.get("count"));
        assertEquals(
                List.of(
                        new FacetEntry(443L, 3, 100, 50.0),
                        new FacetEntry(3L, 2, 67, 33.3),
                        new FacetEntry(1L, 1, 33, 16.7)),
                f.get("ports"));
    }

    @Test
    void datesAreBucketedPerDayAndPerMonthOldestFirstWithEmptyBuckets() throws IOException {
        long[] times = {
            Instant.parse("2016-12-02T05:59:00Z").toEpochMilli(), // today
            Instant.parse("2016-12-01T00:00:00Z").toEpochMilli(), // yesterday, on the boundary
            Instant.parse("2016-12-01T23:59:59.999Z").toEpochMilli(), // yesterday
            Instant.parse("2016-11-03T12:00:00Z").toEpochMilli(), // 29 days ago: first bucket
            Instant.parse("2016-11-02T23:00:00Z").toEpochMilli(), // 30 days ago: outside
            Instant.parse("2013-01-15T00:00:00Z").toEpochMilli(), // 47 months ago: first month
            Instant.parse("2012-12-31T00:00:00Z").toEpochMilli(), // 48 months ago: outside
        };
        Map<String, List<FacetEntry>> f = withIndex(
                w -> {
                    for (long t : times) {
                        Document d = new Document();
                        d.add(new NumericDocValuesField("added", t));
                        w.addDocument(d);
                    }
                },
                s -> counter.count(
                        s,
                        new MatchAllDocsQuery(),
                        List.of(
                                FacetRequest.days("added", 30),
                                new FacetRequest("added_months", "added", FacetRequest.Kind.MONTHS, 48))));
        List<FacetEntry> days = f.get("added");
        assertEquals(30, days.size());
        assertEquals(new FacetEntry("2016-11-03T00:00:00Z", 1, 50, 25.0), days.getFirst());
        assertEquals(new FacetEntry("2016-11-04T00:00:00Z", 0, 0, 0.0), days.get(1));
        assertEquals(new FacetEntry("2016-12-01T00:00:00Z", 2, 100, 50.0), days.get(28));
        assertEquals(new FacetEntry("2016-12-02T00:00:00Z", 1, 50, 25.0), days.getLast());
        List<FacetEntry> months = f.get("added_months");
        assertEquals(48, months.size());
        assertEquals(new FacetEntry("2013-01-01T00:00:00Z", 1, 33, 16.7), months.getFirst());
        assertEquals(new FacetEntry("2016-11-01T00:00:00Z", 2, 67, 33.3), months.get(46));
        assertEquals(new FacetEntry("2016-12-01T00:00:00Z", 3, 100, 50.0), months.getLast());
    }

    @Test
    void absentFieldsAndEmptyMatchesGiveEmptyFacets() throws IOException {
        Map<String, List<FacetEntry>> f = withIndex(
                w -> w.addDocument(doc("h", "x")),
                s -> counter.count(
                        s,
                        new TermQuery(new Term("host", "nobody")),
                        List.of(
                                FacetRequest.terms("name"),
                                FacetRequest.terms("missing"),
                                FacetRequest.days("missing_time", 30))));
        assertEquals(List.of(), f.get("name"));
        assertEquals(List.of(), f.get("missing"));
        assertEquals(30, f.get("missing_time").size());
        assertTrue(f.get("missing_time").stream().allMatch(e -> e.value() == 0 && e.percent() == 0));
    }

    @Test
    void entriesRenderAsCarbonBlackJson() {
        assertEquals(
                "{name=chrome.exe, value=3, percent=100, ratio=50.0}",
                new FacetEntry("chrome.exe", 3, 100, 50.0).toJson().toString());
        assertThrows(IllegalArgumentException.class, () -> new FacetRequest("x", "x", FacetRequest.Kind.DAYS, 0));
    }
}
