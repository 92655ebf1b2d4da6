package io.lampblack.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/info}; the storage-partition listing every 6.x client also reads at start-up is in {@link StorageApi}. */
public final class InfoApi {

    /** The Carbon Black API level implemented; clients choose endpoints from it (6.x: segment 0, /api/v4 events). */
    public static final String CB_API_VERSION = "6.2.0";
    public static final String LAMPBLACK_VERSION = "0.1.0";

    public void register(Router r) {
        r.route("GET", "/api/info", Router.Access.API_READ, this::info);
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
}
