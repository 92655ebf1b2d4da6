package io.lampblack.server.assembly;

import io.lampblack.server.api.BinaryThreatIntelApi;
import io.lampblack.server.api.FeedDetailsApi;
import io.lampblack.server.api.Router;

/**
 * Read-only details of threat intelligence: a feed's requirements, icon and report statistics (from the alerts its
 * reports raised), and the feed reports naming a binary.
 */
public final class IntelDetailsAssembly implements RestRoutes {

    private final FeedDetailsApi feedDetails;
    private final BinaryThreatIntelApi binaryHits;

    public IntelDetailsAssembly(FeedAssembly feeds, AlertAssembly alerts, BinaryAssembly binaries) {
        feedDetails = new FeedDetailsApi(
                feeds.store(), feeds.reports(), params -> alerts.alerts().search(params));
        binaryHits = new BinaryThreatIntelApi(
                feeds.matcher(),
                feeds.ignoredReports(),
                md5 -> binaries.currentDocument(md5).isPresent());
    }

    @Override
    public void register(Router router) {
        feedDetails.register(router);
        binaryHits.register(router);
    }
}
