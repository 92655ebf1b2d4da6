package io.lampblack.server.assembly;

import io.lampblack.server.api.FeedDetailsApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.api.ThreatIntelHitsApi;

/**
 * Read-only details of threat intelligence: a feed's requirements, icon and report statistics (from the alerts its
 * reports raised), and the feed reports naming a binary or a process (matched against the loaded feeds' indicators).
 */
public final class IntelDetailsAssembly implements RestRoutes {

    private final FeedDetailsApi feedDetails;
    private final ThreatIntelHitsApi hits;

    public IntelDetailsAssembly(
            FeedAssembly feeds, AlertAssembly alerts, BinaryAssembly binaries, SearchAssembly search) {
        feedDetails = new FeedDetailsApi(
                feeds.store(),
                feeds.reports(),
                (params, sensors) -> alerts.alerts().search(params, sensors),
                search.scope());
        hits = new ThreatIntelHitsApi(
                feeds.matcher(), feeds.ignoredReports(), binaries::visibleBinary, search.processApi(), search.scope());
    }

    @Override
    public void register(Router router) {
        feedDetails.register(router);
        hits.register(router);
    }
}
