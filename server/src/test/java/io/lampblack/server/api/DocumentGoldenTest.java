package io.lampblack.server.api;

import static io.lampblack.server.support.Golden.assertMatches;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.server.api.wire.ActionDocument;
import io.lampblack.server.api.wire.BanDocument;
import io.lampblack.server.api.wire.FeedDocument;
import io.lampblack.server.api.wire.PartitionDocument;
import io.lampblack.server.api.wire.WatchlistDocument;
import io.lampblack.server.ban.BannedHash;
import io.lampblack.server.binary.BinarySearch;
import io.lampblack.server.intel.Feed;
import io.lampblack.server.intel.FeedInfo;
import io.lampblack.server.intel.IntelAction;
import io.lampblack.server.intel.QueryIoc;
import io.lampblack.server.intel.Watchlist;
import io.lampblack.server.json.Json;
import io.lampblack.server.json.RawJson;
import io.lampblack.server.search.PartitionInfo;
import io.lampblack.server.search.ProcessHit;
import io.lampblack.server.search.ProcessResults;
import io.lampblack.server.search.ProcessSearch;
import io.lampblack.server.search.facet.FacetEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The REST documents, byte for byte as the golden files have them (keys, order, nulls, formats). */
class DocumentGoldenTest {

    static final Instant T = Instant.parse("2015-11-16T18:14:28.819Z");

    static final FeedInfo RATED = new FeedInfo(
            "virustotal",
            "VirusTotal",
            "https://www.virustotal.com",
            "Hashes seen as bad",
            "Sends hashes",
            "Open Source",
            "aWNvbg==",
            "c21hbGw=",
            OptionalDouble.of(2.0),
            "2");
    static final FeedInfo UNRATED =
            new FeedInfo("tor", "Tor exits", "", "", "", "", "", "", OptionalDouble.empty(), "");
    static final Feed FEED = new Feed(
            7,
            RATED,
            "https://feeds.example/vt.json",
            true,
            false,
            true,
            "u",
            "p",
            "crt",
            "key",
            OptionalDouble.of(3.5),
            2,
            true,
            T,
            Optional.of(T),
            "",
            10,
            100);
    static final Feed UNRATED_FEED = new Feed(
            8,
            UNRATED,
            "https://feeds.example/tor.json",
            false,
            true,
            false,
            "",
            "",
            "",
            "",
            OptionalDouble.empty(),
            0,
            false,
            T,
            Optional.empty(),
            "boom",
            0,
            0);

    static final Watchlist HIT = new Watchlist(
            11,
            "Unsigned",
            "cb.urlver=1&q=digsig_result%3AUnsigned",
            QueryIoc.IndexType.MODULES,
            true,
            "unsigned binaries",
            false,
            T,
            Optional.of(T.plusSeconds(60)),
            3,
            42,
            Optional.of(T.plusSeconds(120)));
    static final Watchlist NEW = new Watchlist(
            12,
            "Evil",
            "cb.urlver=1&q=process_name%3Aevil.exe",
            QueryIoc.IndexType.EVENTS,
            false,
            "",
            true,
            T,
            Optional.empty(),
            0,
            0,
            Optional.empty());

    static final BannedHash BLOCKED = new BannedHash(
            "7fb55f5a4a7e1d0f8c1b2a3e4d5c6b7a",
            "bad",
            true,
            "admin",
            1,
            T,
            4,
            Optional.of(T.plusSeconds(9)),
            Optional.of(3),
            "HOST-A",
            List.of(
                    new BannedHash.Change("admin", 1, T, "bad", true),
                    new BannedHash.Change("bob", 2, T.plusSeconds(5), "still bad", false)));
    static final BannedHash UNBLOCKED = new BannedHash(
            "00112233445566778899aabbccddeeff",
            "",
            false,
            "admin",
            1,
            T,
            0,
            Optional.empty(),
            Optional.empty(),
            "",
            List.of());

    static final PartitionInfo HOT = new PartitionInfo(
            "writer", "hot", 3, T.toEpochMilli(), Optional.empty(), 123456, 10, 12, 2, 4, "/data/index/p3", false);
    static final PartitionInfo WARM = new PartitionInfo(
            "cbevents_2015_11_16_1814",
            "warm",
            2,
            T.toEpochMilli() - 86_400_000L,
            Optional.of(T.toEpochMilli()),
            654321,
            100,
            100,
            0,
            1,
            "/data/index/p2",
            true);

    @Test
    void feed() {
        assertMatches("api/feed.json", Json.bytes(FeedDocument.of(FEED)));
        assertMatches("api/feed-unrated.json", Json.bytes(FeedDocument.of(UNRATED_FEED)));
    }

    @Test
    void watchlist() {
        assertMatches("api/watchlist.json", Json.bytes(WatchlistDocument.of(HIT)));
        assertMatches("api/watchlist-new.json", Json.bytes(WatchlistDocument.of(NEW)));
    }

    @Test
    void actionsOfWatchlistsAndFeeds() {
        assertMatches(
                "api/action-watchlist.json",
                Json.bytes(ActionDocument.of(
                        new IntelAction(5, IntelAction.Owner.WATCHLIST, 11, IntelAction.ALERT, "{\"x\":1}", "admin"))));
        assertMatches(
                "api/action-feed.json",
                Json.bytes(ActionDocument.of(new IntelAction(
                        6, IntelAction.Owner.FEED, 7, IntelAction.EMAIL, "{\"email_recipients\":[1]}", "admin"))));
    }

    @Test
    void bannedHash() {
        assertMatches("api/ban.json", Json.bytes(BanDocument.of(BLOCKED)));
        assertMatches("api/ban-unblocked.json", Json.bytes(BanDocument.of(UNBLOCKED)));
    }

    @Test
    void partition() {
        assertMatches("api/partition-hot.json", Json.bytes(PartitionDocument.of(HOT)));
        assertMatches("api/partition-warm.json", Json.bytes(PartitionDocument.of(WARM)));
    }

    @Test
    void info() {
        assertMatches("api/info.json", Json.bytes(InfoApi.INFO));
    }

    private static Map<String, Object> highlight() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("name", "PREPREPREevilPOSTPOSTPOST.exe");
        h.put("ids", List.of("a-1"));
        return h;
    }

    /**
     * The process search envelope: stored documents written through byte for byte (escapes and non-ASCII text
     * included), then the envelope's keys, the process-only ones last.
     */
    @Test
    void processSearchEnvelope() {
        List<ProcessHit> hits = List.of(
                new ProcessHit(
                        "a-1",
                        "{\"id\":\"a\",\"unique_id\":\"a-1\",\"segment_id\":1,\"cmdline\":\"x \\\"y\\\" \u00e9\"}"
                                .getBytes(StandardCharsets.UTF_8)),
                new ProcessHit(
                        "b-2",
                        "{\"id\":\"b\",\"unique_id\":\"b-2\",\"segment_id\":2}".getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", "evil.exe");
        entry.put("value", 2L);
        entry.put("percent", 100L);
        entry.put("ratio", 100.0);
        Map<String, List<Map<String, Object>>> facets = new LinkedHashMap<>();
        facets.put("process_name", List.of(entry));
        facets.put("hostname", List.of());
        ProcessSearch.Outcome out = new ProcessSearch.Outcome(
                new ProcessResults(2, hits, true, facets, List.of(highlight())),
                0,
                List.of("process_name:evil.exe"),
                facets,
                true);
        List<RawJson> rows = hits.stream().map(h -> RawJson.of(h.json())).toList();
        assertMatches("api/process-search.json", Json.bytes(ProcessApi.envelope(out, rows, 0.012)));

        ProcessSearch.Outcome none =
                new ProcessSearch.Outcome(new ProcessResults(0, List.of()), 100, List.of(), Map.of(), false);
        assertMatches("api/process-search-empty.json", Json.bytes(ProcessApi.envelope(none, List.of(), 0.001)));
    }

    @Test
    void binarySearchEnvelope() {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("md5", "EDB8DE74E38F1B6E4A9B8B8000334DF7");
        doc.put("host_count", 2);
        BinarySearch.Outcome out = new BinarySearch.Outcome(
                1,
                List.of(),
                0,
                List.of("md5:edb8de74e38f1b6e4a9b8b8000334df7"),
                Map.of("digsig_result", List.of(new FacetEntry("Signed", 1, 100, 100.0))),
                List.of(highlight()));
        assertMatches("api/binary-search.json", Json.bytes(BinaryApi.envelope(out, List.of(doc), 0.004)));
    }

    @Test
    void errorBody() {
        ErrorMapper errors = new ErrorMapper((id, request, failure) -> {}, () -> "00c0ffee00c0ffee");
        assertMatches(
                "api/error.json",
                Json.bytes(
                        errors.answer(ApiException.notFound("feed 7"), "GET /x").body()));
        assertMatches(
                "api/error-internal.json",
                Json.bytes(errors.answer(new IllegalStateException("expected in this test"), "GET /x")
                        .body()));
    }
}
