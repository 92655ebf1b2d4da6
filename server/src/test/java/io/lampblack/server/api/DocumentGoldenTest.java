package io.lampblack.server.api;

import io.lampblack.server.api.wire.ActionDocument;
import io.lampblack.server.api.wire.BanDocument;
import io.lampblack.server.api.wire.FeedDocument;
import io.lampblack.server.api.wire.PartitionDocument;
import io.lampblack.server.api.wire.WatchlistDocument;
import io.lampblack.server.ban.BannedHash;
import io.lampblack.server.intel.Feed;
import io.lampblack.server.intel.FeedInfo;
import io.lampblack.server.intel.IntelAction;
import io.lampblack.server.intel.QueryIoc;
import io.lampblack.server.intel.Watchlist;
import io.lampblack.server.json.Json;
import io.lampblack.server.search.PartitionInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static io.lampblack.server.support.Golden.assertMatches;

/** The REST documents, byte for byte as the golden files have them (keys, order, nulls, formats). */
class DocumentGoldenTest {

    static final Instant T = Instant.parse("2015-11-16T18:14:28.819Z");

    static final FeedInfo RATED = new FeedInfo("virustotal", "VirusTotal", "https://www.virustotal.com",
            "Hashes seen as bad", "Sends hashes", "Open Source", "aWNvbg==", "c21hbGw=", OptionalDouble.of(2.0), "2");
    static final FeedInfo UNRATED = new FeedInfo("tor", "Tor exits", "", "", "", "", "", "", OptionalDouble.empty(), "");
    static final Feed FEED = new Feed(7, RATED, "https://feeds.example/vt.json", true, false, true, "u", "p", "crt",
            "key", OptionalDouble.of(3.5), 2, true, T, Optional.of(T), "", 10, 100);
    static final Feed UNRATED_FEED = new Feed(8, UNRATED, "https://feeds.example/tor.json", false, true, false, "", "",
            "", "", OptionalDouble.empty(), 0, false, T, Optional.empty(), "boom", 0, 0);

    static final Watchlist HIT = new Watchlist(11, "Unsigned", "cb.urlver=1&q=digsig_result%3AUnsigned",
            QueryIoc.IndexType.MODULES, true, "unsigned binaries", false, T, Optional.of(T.plusSeconds(60)), 3, 42,
            Optional.of(T.plusSeconds(120)));
    static final Watchlist NEW = new Watchlist(12, "Evil", "cb.urlver=1&q=process_name%3Aevil.exe",
            QueryIoc.IndexType.EVENTS, false, "", true, T, Optional.empty(), 0, 0, Optional.empty());

    static final BannedHash BLOCKED = new BannedHash("7fb55f5a4a7e1d0f8c1b2a3e4d5c6b7a", "bad", true, "admin", 1, T, 4,
            Optional.of(T.plusSeconds(9)), Optional.of(3), "HOST-A",
            List.of(new BannedHash.Change("admin", 1, T, "bad", true),
                    new BannedHash.Change("bob", 2, T.plusSeconds(5), "still bad", false)));
    static final BannedHash UNBLOCKED = new BannedHash("00112233445566778899aabbccddeeff", "", false, "admin", 1, T, 0,
            Optional.empty(), Optional.empty(), "", List.of());

    static final PartitionInfo HOT = new PartitionInfo("writer", "hot", 3, T.toEpochMilli(), Optional.empty(), 123456,
            10, 12, 2, 4, "/data/index/p3", false);
    static final PartitionInfo WARM = new PartitionInfo("cbevents_2015_11_16_1814", "warm", 2,
            T.toEpochMilli() - 86_400_000L, Optional.of(T.toEpochMilli()), 654321, 100, 100, 0, 1, "/data/index/p2", true);

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
        assertMatches("api/action-watchlist.json", Json.bytes(ActionDocument.of(
                new IntelAction(5, IntelAction.Owner.WATCHLIST, 11, IntelAction.ALERT, "{\"x\":1}", "admin"))));
        assertMatches("api/action-feed.json", Json.bytes(ActionDocument.of(new IntelAction(6, IntelAction.Owner.FEED,
                7, IntelAction.EMAIL, "{\"email_recipients\":[1]}", "admin"))));
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

    @Test
    void errorBody() {
        ErrorMapper errors = new ErrorMapper((id, request, failure) -> { }, () -> "00c0ffee00c0ffee");
        assertMatches("api/error.json", Json.bytes(errors.answer(ApiException.notFound("feed 7"), "GET /x").body()));
        assertMatches("api/error-internal.json",
                Json.bytes(errors.answer(new IllegalStateException("expected in this test"), "GET /x").body()));
    }
}
