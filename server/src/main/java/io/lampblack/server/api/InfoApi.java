package io.lampblack.server.api;

import io.lampblack.protocol.FileTimes;
import io.lampblack.server.search.ProcessIndex;
import io.lampblack.server.search.PartitionInfo;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/info} and the storage-partition listing every 6.x client reads at start-up. */
public final class InfoApi {

    /** The Carbon Black API level implemented; clients choose endpoints from it (6.x: segment 0, /api/v4 events). */
    public static final String CB_API_VERSION = "6.2.0";
    public static final String LAMPBLACK_VERSION = "0.1.0";

    private final ProcessIndex index;

    public InfoApi(ProcessIndex index) {
        this.index = index;
    }

    public void register(Router r) {
        r.route("GET", "/api/info", Router.Access.API_READ, this::info);
        r.route("GET", "/api/v1/storage/events/partition", Router.Access.API_READ, this::partitions);
    }

    private void info(Exchange ex) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", CB_API_VERSION);
        m.put("version_release", CB_API_VERSION + "-1");
        m.put("lampblack_version", LAMPBLACK_VERSION);
        m.put("server_product", "lampblack");
        m.put("cblrEnabled", false);
        m.put("processPageSize", 10);
        m.put("binaryPageSize", 10);
        m.put("processOrder", "last_update desc");
        m.put("binaryOrder", "server_added_timestamp desc");
        m.put("maxSearchResultRows", 1000);
        m.put("maxRowsSolrReportQuery", 10000);
        m.put("searchExportCount", 1000);
        m.put("timestampDeltaThreshold", 5);
        m.put("linuxInstallerExists", false);
        m.put("osxInstallerExists", false);
        m.put("liveResponseAutoAttach", false);
        m.put("banningEnabled", false);
        m.put("vdiGloballyEnabled", false);
        m.put("cloud_install", false);
        m.put("features", Map.of("immutable_documents", true, "event_exclusions", false, "thirdparty_sharing", false,
                "ipv6_support", true));
        m.put("user_preferences", Map.of());
        ex.json(200, m);
    }

    private void partitions(Exchange ex) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (PartitionInfo p : index.partitions()) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("sizeInBytes", p.sizeInBytes());
            info.put("startDate", FileTimes.isoMillis(p.startMillis()));
            info.put("endDate", p.endMillis().map(FileTimes::isoMillis).orElse(null));
            info.put("partitionId", p.partitionId());
            info.put("deletedDocs", p.deletedDocs());
            info.put("maxDoc", p.maxDoc());
            info.put("numDocs", p.numDocs());
            info.put("segmentCount", p.segmentCount());
            info.put("userMounted", false);
            info.put("isLegacy", false);
            info.put("dir", p.dir());
            info.put("schema", "cbevents_v2");
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", p.name());
            entry.put("status", p.status());
            entry.put("info", info);
            out.put(p.name(), entry);
        }
        ex.json(200, out);
    }
}
