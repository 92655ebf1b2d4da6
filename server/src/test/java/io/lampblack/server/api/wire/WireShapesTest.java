package io.lampblack.server.api.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.ban.BannedHash;
import io.lampblack.server.intel.Feed;
import io.lampblack.server.intel.FeedInfo;
import io.lampblack.server.intel.IntelAction;
import io.lampblack.server.intel.QueryIoc;
import io.lampblack.server.intel.Watchlist;
import io.lampblack.server.json.Json;
import io.lampblack.server.json.RawJson;
import io.lampblack.server.search.PartitionInfo;
import io.lampblack.server.search.ProcessFrequency;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The REST documents' keys against the lists of reference rest_api.md (§4, §5), in its order where it gives one.
 * The exact bytes are held by the golden tests ({@code api.DocumentGoldenTest}).
 */
class WireShapesTest {

    private static final Instant T = Instant.parse("2015-11-16T18:14:28.819Z");

    static JsonNode tree(Object document) {
        return Json.MAPPER.valueToTree(document);
    }

    static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static List<String> keys(Object document) {
        return keys(tree(document));
    }

    @Test
    void errorBodyHasTheReasonAndAnErrorIdOnlyWhenThereIsOne() {
        assertEquals(List.of("reason", "message"), keys(ErrorBody.of("query_malformed_syntax", "bad")));
        assertEquals(List.of("reason", "message", "error_id"), keys(new ErrorBody("internal_error", "id 1", "1")));
    }

    @Test
    void resultIsTheOneKeyCbapiChecks() {
        assertEquals(
                "{\"result\":\"success\"}",
                Json.MAPPER.valueToTree(Result.SUCCESS).toString());
    }

    @Test
    void infoHasEveryKeyOfTheReference() {
        ApiInfo info = new ApiInfo(
                "6.2.0",
                "6.2.0-1",
                "0.1.0",
                "lampblack",
                false,
                10,
                10,
                "last_update desc",
                "server_added_timestamp desc",
                1000,
                10000,
                1000,
                5,
                false,
                false,
                false,
                false,
                false,
                false,
                new ApiInfo.Features(true, false, false, true),
                Map.of());
        // §4.1 (without 5.x's searchInterval), plus Lampblack's own two.
        Set<String> reference = Set.of(
                "version",
                "cblrEnabled",
                "version_release",
                "processPageSize",
                "binaryPageSize",
                "processOrder",
                "binaryOrder",
                "maxSearchResultRows",
                "maxRowsSolrReportQuery",
                "searchExportCount",
                "timestampDeltaThreshold",
                "linuxInstallerExists",
                "osxInstallerExists",
                "liveResponseAutoAttach",
                "banningEnabled",
                "vdiGloballyEnabled",
                "cloud_install",
                "features",
                "user_preferences",
                "lampblack_version",
                "server_product");
        List<String> keys = keys(info);
        assertEquals(reference, new LinkedHashSet<>(keys));
        assertEquals(reference.size(), keys.size());
        assertEquals(
                List.of("immutable_documents", "event_exclusions", "thirdparty_sharing", "ipv6_support"),
                keys(tree(info).get("features")));
        assertTrue(tree(info).get("version").isTextual()
                && tree(info).get("cblrEnabled").isBoolean());
    }

    @Test
    void partitionHasTheReferenceKeysInOrder() {
        PartitionDocument hot = PartitionDocument.of(
                new PartitionInfo("writer", "hot", 3, T.toEpochMilli(), Optional.empty(), 1, 2, 3, 4, 5, "/d", false));
        assertEquals(List.of("name", "status", "info"), keys(hot));
        JsonNode info = tree(hot).get("info");
        assertEquals(
                List.of(
                        "sizeInBytes",
                        "startDate",
                        "endDate",
                        "partitionId",
                        "deletedDocs",
                        "maxDoc",
                        "numDocs",
                        "segmentCount",
                        "userMounted",
                        "isLegacy",
                        "dir",
                        "schema"),
                keys(info));
        assertTrue(info.get("endDate").isNull(), "the hot partition has no end");
        assertTrue(info.get("isLegacy").isBoolean() && !info.get("isLegacy").asBoolean(), "read by every 6.x client");
    }

    @Test
    void feedHasTheReferenceKeysInOrder() {
        FeedInfo info = new FeedInfo("tor", "Tor", "", "", "", "", "", "", OptionalDouble.empty(), "");
        JsonNode feed = tree(FeedDocument.of(new Feed(
                8,
                info,
                "https://f/",
                true,
                false,
                true,
                "",
                "",
                "",
                "",
                OptionalDouble.empty(),
                0,
                false,
                T,
                Optional.empty(),
                "",
                0,
                0)));
        assertEquals(
                List.of(
                        "id",
                        "name",
                        "display_name",
                        "enabled",
                        "feed_url",
                        "provider_url",
                        "summary",
                        "tech_data",
                        "category",
                        "icon",
                        "icon_small",
                        "provider_rating",
                        "local_rating",
                        "order",
                        "manually_added",
                        "use_proxy",
                        "validate_server_cert",
                        "username",
                        "password",
                        "ssl_client_crt",
                        "ssl_client_key",
                        "requires",
                        "requires_who",
                        "requires_what",
                        "last_sync",
                        "last_sync_error",
                        "report_count",
                        "ioc_count"),
                keys(feed));
        assertTrue(feed.get("id").isIntegralNumber(), "a feed's id is a number (a watchlist's a string)");
        assertTrue(
                feed.get("provider_rating").isNull() && feed.get("local_rating").isNull());
    }

    @Test
    void watchlistHasTheKeysCbapiSendsBack() {
        JsonNode w = tree(WatchlistDocument.of(new Watchlist(
                11,
                "x",
                "cb.urlver=1&q=a",
                QueryIoc.IndexType.EVENTS,
                true,
                "",
                false,
                T,
                Optional.empty(),
                0,
                7,
                Optional.empty())));
        assertEquals(
                List.of(
                        "id",
                        "name",
                        "search_query",
                        "index_type",
                        "enabled",
                        "description",
                        "date_added",
                        "last_hit",
                        "last_hit_count",
                        "total_hits",
                        "total_tags",
                        "search_timestamp",
                        "readonly",
                        "group_id",
                        "alliance_id",
                        "from_alliance",
                        "last_execution_time_ms"),
                keys(w));
        // §4.8: what cbapi's save() sends back is exactly this set (with EDR 6.3's last_execution_time_ms).
        assertEquals(
                Set.of(
                        "alliance_id",
                        "date_added",
                        "description",
                        "enabled",
                        "from_alliance",
                        "group_id",
                        "id",
                        "index_type",
                        "last_execution_time_ms",
                        "last_hit",
                        "last_hit_count",
                        "name",
                        "readonly",
                        "search_query",
                        "search_timestamp",
                        "total_hits",
                        "total_tags"),
                new LinkedHashSet<>(keys(w)));
        assertTrue(
                w.get("id").isTextual()
                        && w.get("total_hits").isTextual()
                        && w.get("total_tags").isTextual(),
                "strings, as a real 6.x server sends them");
        assertEquals("2015-11-16 18:14:28.819000+00:00", w.get("date_added").asText());
    }

    @Test
    void actionsListTheirOwnersKeysAsTheReferenceDoes() {
        assertEquals(
                List.of("id", "action_type", "action_data", "watchlist_id", "group_id"),
                keys(ActionDocument.of(
                        new IntelAction(5, IntelAction.Owner.WATCHLIST, 11, IntelAction.ALERT, "", ""))));
        assertEquals(
                List.of("id", "action_type", "action_data", "group_id", "watchlist_id"),
                keys(ActionDocument.of(new IntelAction(6, IntelAction.Owner.FEED, 7, IntelAction.EMAIL, "", ""))));
        assertEquals(
                "{\"action_id\":9,\"id\":9,\"result\":\"success\"}",
                tree(ActionCreated.of(9)).toString());
    }

    @Test
    void searchEnvelopesHaveTheReferenceKeysAndOnlyProcessSearchHasItsOwn() {
        List<String> common = List.of("results", "total_results", "start", "elapsed", "terms", "highlights", "facets");
        SearchEnvelope binaries =
                new SearchEnvelope(List.of(Map.of("md5", "X")), 1, 0, 0.1, List.of(), List.of(), Map.of(), null);
        assertEquals(common, keys(binaries));
        SearchEnvelope processes = new SearchEnvelope(
                List.of(RawJson.of("{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8))),
                1,
                0,
                0.1,
                List.of(),
                List.of(),
                Map.of(),
                SearchEnvelope.ProcessKeys.of(true));
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of("tagged_pids", "filtered", "comprehensive_search", "all_segments", "incomplete_results"));
        assertEquals(all, keys(processes));
        assertEquals(
                "{\"results\":[{\"id\":\"a\"}],\"total_results\":1,\"start\":0,\"elapsed\":0.1,\"terms\":[],"
                        + "\"highlights\":[],\"facets\":{},\"tagged_pids\":{},\"filtered\":{},\"comprehensive_search\":true,"
                        + "\"all_segments\":true,\"incomplete_results\":false}",
                new String(Json.bytes(processes), StandardCharsets.UTF_8),
                "a raw row is written as it is");
    }

    @Test
    void processDocumentsAroundTheStoredOnes() {
        JsonNode doc = Json.MAPPER.createObjectNode().put("id", "a");
        assertEquals(
                List.of("process", "parent", "children", "siblings"),
                keys(new ProcessSummary(doc, Json.MAPPER.createObjectNode(), List.of(), List.of())));
        assertEquals(List.of("process", "elapsed"), keys(new ProcessEvents(doc, 0.1)));
        assertEquals(List.of("hostCount", "globalCount", "numDocs"), keys(HostCount.of(new ProcessFrequency(1, 2, 3))));
        JsonNode segments = tree(SegmentList.of(List.of(new SegmentList.Segment(
                "a-015c2f5bb68d",
                1494000000000L,
                "2017-05-22T14:52:23.405Z",
                "2017-05-22T14:52:24.100Z",
                new SegmentList.EventCounts(1, 2, 3, 4, 5, 6, 7, 8)))));
        assertEquals(List.of("process"), keys(segments));
        assertEquals(List.of("segments"), keys(segments.get("process")));
        JsonNode segment = segments.get("process").get("segments").get(0);
        assertEquals(
                List.of("unique_id", "segment_id", "last_update", "last_server_update", "event_counts"), keys(segment));
        assertEquals(
                List.of("modload", "filemod", "regmod", "netconn", "childproc", "crossproc", "processblock", "emet"),
                keys(segment.get("event_counts")));
    }

    @Test
    void banHasTheReferenceKeysInOrder() {
        BanDocument ban = BanDocument.of(new BannedHash(
                "7fb55f5a4a7e1d0f8c1b2a3e4d5c6b7a",
                "bad",
                true,
                "admin",
                1,
                T,
                0,
                Optional.empty(),
                Optional.empty(),
                "",
                List.of(new BannedHash.Change("admin", 1, T, "bad", true))));
        assertEquals(
                List.of(
                        "md5hash",
                        "text",
                        "enabled",
                        "username",
                        "user_id",
                        "timestamp",
                        "block_count",
                        "last_block_time",
                        "last_block_sensor_id",
                        "last_block_hostname",
                        "audit"),
                keys(ban));
        assertEquals(
                List.of("username", "timestamp", "text", "enabled", "user_id"),
                keys(tree(ban).get("audit").get(0)));
        assertEquals("7FB55F5A4A7E1D0F8C1B2A3E4D5C6B7A", ban.md5hash());
    }
}
