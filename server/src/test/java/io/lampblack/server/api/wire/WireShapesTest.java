package io.lampblack.server.api.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.ban.BannedHash;
import io.lampblack.server.json.Json;
import io.lampblack.server.search.PartitionInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals("{\"result\":\"success\"}", Json.MAPPER.valueToTree(Result.SUCCESS).toString());
    }

    @Test
    void infoHasEveryKeyOfTheReference() {
        ApiInfo info = new ApiInfo("6.2.0", "6.2.0-1", "0.1.0", "lampblack", false, 10, 10, "last_update desc",
                "server_added_timestamp desc", 1000, 10000, 1000, 5, false, false, false, false, false, false,
                new ApiInfo.Features(true, false, false, true), Map.of());
        // §4.1 (without 5.x's searchInterval), plus Lampblack's own two.
        Set<String> reference = Set.of("version", "cblrEnabled", "version_release", "processPageSize",
                "binaryPageSize", "processOrder", "binaryOrder", "maxSearchResultRows", "maxRowsSolrReportQuery",
                "searchExportCount", "timestampDeltaThreshold", "linuxInstallerExists", "osxInstallerExists",
                "liveResponseAutoAttach", "banningEnabled", "vdiGloballyEnabled", "cloud_install", "features",
                "user_preferences", "lampblack_version", "server_product");
        List<String> keys = keys(info);
        assertEquals(reference, new LinkedHashSet<>(keys));
        assertEquals(reference.size(), keys.size());
        assertEquals(List.of("immutable_documents", "event_exclusions", "thirdparty_sharing", "ipv6_support"),
                keys(tree(info).get("features")));
        assertTrue(tree(info).get("version").isTextual() && tree(info).get("cblrEnabled").isBoolean());
    }

    @Test
    void partitionHasTheReferenceKeysInOrder() {
        PartitionDocument hot = PartitionDocument.of(new PartitionInfo("writer", "hot", 3, T.toEpochMilli(),
                Optional.empty(), 1, 2, 3, 4, 5, "/d", false));
        assertEquals(List.of("name", "status", "info"), keys(hot));
        JsonNode info = tree(hot).get("info");
        assertEquals(List.of("sizeInBytes", "startDate", "endDate", "partitionId", "deletedDocs", "maxDoc", "numDocs",
                "segmentCount", "userMounted", "isLegacy", "dir", "schema"), keys(info));
        assertTrue(info.get("endDate").isNull(), "the hot partition has no end");
        assertTrue(info.get("isLegacy").isBoolean() && !info.get("isLegacy").asBoolean(), "read by every 6.x client");
    }

    @Test
    void banHasTheReferenceKeysInOrder() {
        BanDocument ban = BanDocument.of(new BannedHash("7fb55f5a4a7e1d0f8c1b2a3e4d5c6b7a", "bad", true, "admin", 1, T,
                0, Optional.empty(), Optional.empty(), "", List.of(new BannedHash.Change("admin", 1, T, "bad", true))));
        assertEquals(List.of("md5hash", "text", "enabled", "username", "user_id", "timestamp", "block_count",
                "last_block_time", "last_block_sensor_id", "last_block_hostname", "audit"), keys(ban));
        assertEquals(List.of("username", "timestamp", "text", "enabled", "user_id"),
                keys(tree(ban).get("audit").get(0)));
        assertEquals("7FB55F5A4A7E1D0F8C1B2A3E4D5C6B7A", ban.md5hash());
    }
}
