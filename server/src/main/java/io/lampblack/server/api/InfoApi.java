package io.lampblack.server.api;

import io.lampblack.server.api.wire.ApiInfo;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code /api/info}; the storage-partition listing every 6.x client also reads at start-up is in {@link StorageApi}. */
public final class InfoApi {

    /** The Carbon Black API level implemented; clients choose endpoints from it (6.x: segment 0, /api/v4 events). */
    public static final String CB_API_VERSION = "6.2.0";

    public static final String LAMPBLACK_VERSION = "0.1.0";

    /**
     * What this server says about itself: live response on (sensors that report supports_cblr), no macOS installer or
     * VDI; banning is on (banned hashes are enforced, reference §4.12); documents are immutable (6.x segments) and
     * addresses may be IPv6; no event exclusions or third-party sharing. {@code linuxInstallerExists} is false here and
     * answered from {@link #linuxInstaller} at each request.
     */
    static final ApiInfo INFO = new ApiInfo(
            CB_API_VERSION,
            CB_API_VERSION + "-1",
            LAMPBLACK_VERSION,
            "lampblack",
            true,
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
            true,
            false,
            false,
            new ApiInfo.Features(true, false, false, true),
            Map.of());

    private static final ApiInfo WITH_LINUX_INSTALLER = INFO.withLinuxInstaller(true);

    private final BooleanSupplier linuxInstaller;

    /** @param linuxInstaller whether this server can make a Linux sensor installer now (the sensor's jars are there) */
    public InfoApi(BooleanSupplier linuxInstaller) {
        this.linuxInstaller = linuxInstaller;
    }

    public void register(Router r) {
        r.route(
                "GET",
                "/api/info",
                Router.Access.READ,
                ex -> ex.json(200, linuxInstaller.getAsBoolean() ? WITH_LINUX_INSTALLER : INFO));
    }
}
