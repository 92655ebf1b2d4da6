package io.lampblack.server.assembly;

import io.lampblack.server.api.Router;

/** A feature that answers on the HTTPS edge adds its routes here; {@link ApiAssembly} calls each in flow order. */
@FunctionalInterface
public interface RestRoutes {
    void register(Router router);
}
