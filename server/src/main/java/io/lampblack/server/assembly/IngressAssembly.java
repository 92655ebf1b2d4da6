package io.lampblack.server.assembly;

import io.lampblack.server.api.IngressFilterApi;
import io.lampblack.server.api.Router;
import io.lampblack.server.bus.RedisAddress;
import io.lampblack.server.bus.RedisEventPublisher;
import io.lampblack.server.bus.RedisEventTypes;
import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.ingress.IngressFilters;
import io.lampblack.server.ingress.IngressGate;
import io.lampblack.server.sensor.CollectionSettings;
import io.lampblack.server.store.JdbcIngressFilterStore;
import java.util.Optional;

/**
 * Ingress filters: kept in the database, applied at intake before an upload is journaled (with the groups'
 * collection settings), handed to sensors at check-in, and their hits made durable with each index commit. And what
 * comes in past them: raw events on Redis PUBSUB ({@code --redis-url}, {@code --redis-event-types}).
 */
public final class IngressAssembly implements RestRoutes {

    /**
     * @param redisUrl        {@code --redis-url}: where raw events are published; empty = nowhere
     * @param redisEventTypes {@code --redis-event-types}: which
     */
    public record Settings(String redisUrl, String redisEventTypes) {

        /** @throws IllegalArgumentException for a malformed URL or an unknown event type, before anything starts */
        public static Settings from(ServerSettings s) {
            Settings settings = new Settings(s.get(ServerSettings.REDIS_URL), s.get(ServerSettings.REDIS_EVENT_TYPES));
            if (settings.redisUrl().isEmpty()) return settings;
            try {
                RedisAddress.parse(settings.redisUrl());
                if (RedisEventTypes.parse(settings.redisEventTypes()).isEmpty()) {
                    throw new IllegalArgumentException("give the types to publish (* for all)");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("settings 'redis-url', 'redis-event-types': " + e.getMessage(), e);
            }
            return settings;
        }
    }

    private final IngressFilters filters;
    private final IngressGate gate;
    private final Optional<RedisEventPublisher> redis;

    /** @param collection which event kinds each sensor's group collects ({@link CollectionSettings#EVERYTHING}: all) */
    public IngressAssembly(
            ServerContext ctx,
            Settings settings,
            StoreAssembly store,
            SensorAssembly sensors,
            CollectionSettings collection) {
        filters = new IngressFilters(new JdbcIngressFilterStore(store.database()), ctx.clock());
        gate = filters.gate(collection, sensors.registry());
        redis = settings.redisUrl().isEmpty()
                ? Optional.empty()
                : Optional.of(ctx.own(RedisEventPublisher.start(settings.redisUrl(), settings.redisEventTypes())));
    }

    /** Raw events to Redis, the hook on the ingest route's journaled stage; empty without {@code --redis-url}. */
    public Optional<RedisEventPublisher> redis() {
        return redis;
    }

    /** The filters, for check-ins, meters and the ingest route's commit hook. */
    public IngressFilters filters() {
        return filters;
    }

    /** The intake step that drops filtered and uncollected events before the journal. */
    public IngressGate gate() {
        return gate;
    }

    /** {@code /api/v1/ingress_whitelist}. */
    @Override
    public void register(Router router) {
        new IngressFilterApi(filters).register(router);
    }
}
