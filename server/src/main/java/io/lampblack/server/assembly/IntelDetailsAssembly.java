package io.lampblack.server.assembly;

import io.lampblack.server.api.CallerScope;
import io.lampblack.server.api.FeedDetailsApi;
import io.lampblack.server.api.ProcessApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.api.ThreatIntelHitsApi;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.tag.TagStore;

/**
 * Read-only details of threat intelligence: a feed's requirements, icon and report statistics (from the alerts its
 * reports raised), and the feed reports naming a binary or a process (matched against the loaded feeds' indicators).
 */
public final class IntelDetailsAssembly implements RestRoutes {

    private final FeedDetailsApi feedDetails;
    private final ThreatIntelHitsApi hits;

    public IntelDetailsAssembly(
            FeedAssembly feeds,
            AlertAssembly alerts,
            BinaryAssembly binaries,
            SearchAssembly search,
            TagStore tags,
            SensorAssembly sensors) {
        feedDetails = new FeedDetailsApi(
                feeds.store(), feeds.reports(), params -> alerts.alerts().search(params));
        hits = new ThreatIntelHitsApi(
                feeds.matcher(),
                feeds.ignoredReports(),
                md5 -> binaries.currentDocument(md5).isPresent(),
                new ProcessApi(
                        search.search(),
                        search.index(),
                        tags,
                        binaries::moduleDocument,
                        new CallerScope(sensors.registry())),
                sensorId -> sensors.registry().sensor(sensorId).map(Sensor::groupId));
    }

    @Override
    public void register(Router router) {
        feedDetails.register(router);
        hits.register(router);
    }
}
