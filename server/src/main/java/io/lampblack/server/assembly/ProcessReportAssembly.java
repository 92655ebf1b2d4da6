package io.lampblack.server.assembly;

import io.lampblack.server.api.CallerScope;
import io.lampblack.server.api.ProcessApi;
import io.lampblack.server.api.ProcessReportApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.sensor.Sensor;
import io.lampblack.server.tag.TagStore;

/** The process report zip, made from the same process documents and events as the process API answers. */
public final class ProcessReportAssembly implements RestRoutes {

    private final ProcessReportApi api;

    public ProcessReportAssembly(
            SearchAssembly search, BinaryAssembly binaries, TagStore tags, SensorAssembly sensors) {
        api = new ProcessReportApi(
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
        api.register(router);
    }
}
