package io.lampblack.server.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the server's meters in the Prometheus text format, for the API token like every REST route
 * ({@code X-Auth-Token}, or {@code Authorization: Bearer}, which Prometheus scrape configs can send).
 */
public final class MetricsApi {

    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsApi(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public void register(Router r) {
        r.route(
                "GET",
                "/metrics",
                Router.Access.READ,
                ex -> ex.send(200, CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8)));
    }
}
