package io.lampblack.server.metrics;

import io.lampblack.server.auth.AuditTrail;
import io.lampblack.server.bus.BusPublisher;
import io.lampblack.server.bus.RedisEventPublisher;
import io.lampblack.server.ingest.IngestPipeline;
import io.lampblack.server.ingest.IngestRoute;
import io.lampblack.server.ingest.StageTimer;
import io.lampblack.server.ingress.IngressFilters;
import io.lampblack.server.ingress.IngressGate;
import io.lampblack.server.liveresponse.LiveResponse;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The server's meters: ingest progress and the bus's delivery policy made observable (every accepted notification
 * ends confirmed or undelivered; raw events may be shed), plus the usual JVM meters. Meters read the components'
 * own counters when scraped, so nothing on the ingest or publishing path pays for them.
 */
public final class ServerMeters implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ServerMeters() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Ingest progress, and per stage of the route: time spent in each step and the depth of each queue. */
    public ServerMeters ingest(IngestPipeline pipeline, IngestRoute route) {
        for (StageTimer t : route.timers()) {
            FunctionTimer.builder("lampblack.ingest.stage", t, StageTimer::runs, StageTimer::seconds, TimeUnit.SECONDS)
                    .description("time spent in one step of one stage of the ingest route")
                    .tags("stage", t.stage(), "step", t.step())
                    .register(registry);
        }
        for (IngestRoute.QueueDepth q : route.queues()) {
            Gauge.builder("lampblack.ingest.queued", q, d -> d.depth().getAsInt())
                    .description("items waiting in a queue of the ingest route")
                    .tags("queue", q.name())
                    .register(registry);
        }
        Gauge.builder("lampblack.ingest.replaying", pipeline, p -> p.replaying() ? 1 : 0)
                .description(
                        "1 while the journal is replayed after a restart (acknowledged uploads not yet searchable)")
                .register(registry);
        counter("lampblack.ingest.uploads.indexed", "uploads indexed", pipeline, p -> p.uploadsIndexed());
        counter("lampblack.ingest.events.indexed", "events indexed", pipeline, p -> p.eventsIndexed());
        counter("lampblack.ingest.segments.indexed", "process segments indexed", pipeline, p -> p.segmentsIndexed());
        counter(
                "lampblack.ingest.uploads.deadlettered",
                "uploads that could not be indexed (see DATA/deadletter)",
                pipeline,
                p -> p.deadLettered());
        return this;
    }

    public ServerMeters bus(BusPublisher bus) {
        counter(
                "lampblack.bus.published",
                "messages accepted for delivery",
                bus,
                b -> b.counters().published());
        counter(
                "lampblack.bus.confirmed",
                "messages confirmed by the broker",
                bus,
                b -> b.counters().confirmed());
        counter(
                "lampblack.bus.undelivered",
                "accepted messages the broker refused or that were still buffered at stop",
                bus,
                b -> b.counters().undelivered());
        counter(
                "lampblack.bus.shed",
                "raw-event messages dropped because export could not keep up",
                bus,
                b -> b.counters().shed());
        counter(
                "lampblack.bus.reconnects",
                "connections to the broker lost and re-established",
                bus,
                b -> b.counters().reconnects());
        Gauge.builder("lampblack.bus.buffered", bus, b -> b.counters().buffered())
                .description("messages buffered or awaiting confirmation")
                .register(registry);
        return this;
    }

    /**
     * Events dropped at intake (by ingress filters, by the groups' collection settings) and, per filter with
     * {@code track_metrics}, the events it dropped since start.
     */
    public ServerMeters ingress(IngressFilters filters, IngressGate gate) {
        counter(
                "lampblack.ingress.dropped.filtered",
                "events dropped at intake by ingress filters",
                gate,
                IngressGate::droppedByFilters);
        counter(
                "lampblack.ingress.dropped.uncollected",
                "events dropped at intake because the sensor's group does not collect their kind",
                gate,
                IngressGate::droppedByCollection);
        filters.onTracked(
                id -> FunctionCounter.builder("lampblack.ingress.filter.hits", filters, f -> f.hitsSinceStart(id))
                        .description("events one ingress filter (with track_metrics) dropped since start")
                        .tags("filter", id)
                        .register(registry));
        return this;
    }

    /** Raw events on Redis: published, shed (queue full, Redis down), connections opened, and whether it is up. */
    public ServerMeters redis(Optional<RedisEventPublisher> redis) {
        redis.ifPresent(r -> {
            counter("lampblack.redis.published", "raw events published to Redis", r, RedisEventPublisher::published);
            counter(
                    "lampblack.redis.shed",
                    "raw events not published to Redis: queue full, Redis unreachable or the connection lost",
                    r,
                    RedisEventPublisher::shed);
            counter(
                    "lampblack.redis.connects",
                    "connections to Redis opened (the first and every reconnection)",
                    r,
                    RedisEventPublisher::connects);
            Gauge.builder("lampblack.redis.connected", r, p -> p.connected() ? 1 : 0)
                    .description("1 while connected to Redis")
                    .register(registry);
        });
        return this;
    }

    /** Audit entries lost (queue full, server closing) and dropped (refused by the database on their own). */
    public ServerMeters audit(AuditTrail audit) {
        counter(
                "lampblack.audit.lost",
                "audit entries lost: the queue stayed full or the server was closing",
                audit,
                AuditTrail::lost);
        counter(
                "lampblack.audit.dropped",
                "audit entries the database refused on their own, dropped",
                audit,
                AuditTrail::dropped);
        counter(
                "lampblack.audit.purged",
                "audit entries older than --audit-retention-days deleted",
                audit,
                AuditTrail::purged);
        return this;
    }

    public ServerMeters liveResponse(LiveResponse lr) {
        Gauge.builder("lampblack.lr.sessions.open", lr, LiveResponse::openSessions)
                .description("live-response sessions pending or active")
                .register(registry);
        Gauge.builder("lampblack.lr.polls.held", lr, LiveResponse::pollsHeld)
                .description("sensors' live-response polls held now")
                .register(registry);
        Gauge.builder("lampblack.lr.storage", lr, LiveResponse::storageBytes)
                .description("bytes the live-response session files take")
                .baseUnit("bytes")
                .register(registry);
        counter("lampblack.lr.commands", "live-response commands issued", lr, LiveResponse::commandsIssued);
        return this;
    }

    private <T> void counter(String name, String description, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(description).register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
