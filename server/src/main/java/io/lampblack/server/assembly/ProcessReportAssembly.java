package io.lampblack.server.assembly;

import io.lampblack.server.api.ProcessReportApi;
import io.lampblack.server.api.Router;

/** The process report zip, made from the same process documents and events as the process API answers. */
public final class ProcessReportAssembly implements RestRoutes {

    private final ProcessReportApi api;

    public ProcessReportAssembly(SearchAssembly search) {
        api = new ProcessReportApi(search.processApi(), search.scope());
    }

    @Override
    public void register(Router router) {
        api.register(router);
    }
}
