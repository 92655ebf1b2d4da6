package io.lampblack.server.bus;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.RecordSpan;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.server.ingest.IngestRoute;
import io.lampblack.server.ingest.JournaledUpload;
import io.lampblack.server.process.SensorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;

/**
 * Raw events on Redis PUBSUB (Carbon Black's Redis raw-event option): each event of a selected kind, once its
 * upload is durable, PUBLISHed on {@code ingress.event.<type>} with exactly the payload of the per-event AMQP export
 * ({@link NotificationCatalog#rawEvent}: the uploaded bytes plus the server's envelope).
 *
 * <p>Ingest never waits for Redis: uploads wait in a bounded queue (by uploads and bytes) for this publisher's own
 * thread, which sends each upload's events in one pipeline. What cannot be sent is shed and counted, never retried:
 * events of uploads that find the queue full, and of uploads that find Redis unreachable (the connection is tried
 * again after a pause growing from 200 ms to 5 s) or lose the connection while being sent. Every event handed to
 * this publisher ends up counted either as published or as shed. Replayed uploads are not published again.
 */
public final class RedisEventPublisher implements IngestRoute.OnJournaled, IngestRoute.Queued, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisEventPublisher.class);
    private static final int QUEUE_UPLOADS = 256;
    private static final long QUEUE_BYTES = 64L << 20;
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int SOCKET_TIMEOUT_MS = 5_000;
    private static final long FIRST_PAUSE_MS = 200;
    private static final long LONGEST_PAUSE_MS = 5_000;
    /** Heap per queued event beyond its bytes: its span and the reference to its kind. */
    static final int HEAP_PER_QUEUED_EVENT = 40;

    /**
     * What publishing an upload needs, and no more: its framed bytes and the spans and kinds of the selected events,
     * not the decoded events (which take 3-4 times the bytes, and which the rest of the pipeline lets go of once the
     * upload is indexed).
     */
    record Arrival(SensorContext sensor, byte[] framed, List<RecordSpan> spans, EventKind[] kinds) {

        static Arrival of(SensorContext sensor, DecodedEventLog log, Map<EventKind, byte[]> channels) {
            List<RecordSpan> spans = new ArrayList<>();
            List<EventKind> kinds = new ArrayList<>();
            List<CbEventMsg> events = log.events();
            for (int i = 0; i < events.size(); i++) {
                EventKind k = EventKind.of(events.get(i));
                if (!channels.containsKey(k)) continue;
                spans.add(log.records().get(i));
                kinds.add(k);
            }
            return new Arrival(sensor, log.framed(), List.copyOf(spans), kinds.toArray(new EventKind[0]));
        }

        int events() {
            return kinds.length;
        }

        /** The heap this arrival holds while queued: what the queue's byte bound counts. */
        long heapBytes() {
            return framed.length + (long) HEAP_PER_QUEUED_EVENT * kinds.length;
        }
    }

    private final RedisAddress address;
    private final Map<EventKind, byte[]> channels;
    private final ExportQueue<Arrival> queue;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private Jedis jedis; // the worker's alone
    private long nextAttempt;
    private long pause = FIRST_PAUSE_MS;
    private volatile boolean connected;

    private RedisEventPublisher(RedisAddress address, Map<EventKind, byte[]> channels) {
        this.address = address;
        this.channels = Map.copyOf(channels);
        this.nextAttempt = System.nanoTime();
        this.queue = new ExportQueue<>(
                "redis-export", QUEUE_UPLOADS, QUEUE_BYTES, Arrival::heapBytes, this::publishOrShed, this::disconnect);
    }

    /**
     * @param url   {@code redis://HOST:PORT/DB}
     * @param types the event types (see {@link RedisEventTypes})
     * @throws IllegalArgumentException for a malformed URL or an unknown type
     */
    public static RedisEventPublisher start(String url, String types) {
        RedisAddress address = RedisAddress.parse(url);
        Map<EventKind, byte[]> channels = RedisEventTypes.parse(types);
        if (channels.isEmpty()) throw new IllegalArgumentException("no redis event types given");
        LOG.info("redis: publishing raw events {} to {}", channels.keySet(), address);
        return new RedisEventPublisher(address, channels);
    }

    @Override
    public void journaled(JournaledUpload upload) {
        arrived(upload.sensor(), upload.log());
    }

    /** An upload to publish; its events are shed (and counted) at once when the queue is full. */
    void arrived(SensorContext sensor, DecodedEventLog log) {
        Arrival a = Arrival.of(sensor, log, channels);
        if (a.events() == 0) return;
        if (!queue.offer(a)) shed.addAndGet(a.events());
    }

    private void publishOrShed(Arrival a) {
        try {
            publish(a);
        } catch (RuntimeException e) {
            // An upload that cannot be encoded must not stop the next ones; its events are shed.
            LOG.warn("redis: an upload of sensor {} could not be encoded: {}", a.sensor.sensorId(), e.toString());
            shed.addAndGet(a.events());
        }
    }

    private void publish(Arrival a) {
        Jedis j = connection();
        if (j == null) {
            shed.addAndGet(a.events());
            return;
        }
        // Built before sending: an event that cannot be encoded is a bug of ours, not a lost connection.
        byte[] envelope = NotificationCatalog.envelopeField(a.sensor.sensorId(), a.sensor.hostname());
        List<byte[]> bodies = new ArrayList<>(a.events());
        for (int i = 0; i < a.events(); i++) {
            bodies.add(NotificationCatalog.rawEvent(a.kinds[i], a.framed, a.spans.get(i), envelope)
                    .orElseThrow(() -> new IllegalStateException("no raw event message for a selected kind"))
                    .body());
        }
        try {
            Pipeline p = j.pipelined();
            for (int i = 0; i < bodies.size(); i++) {
                p.sendCommand(Protocol.Command.PUBLISH, channels.get(a.kinds[i]), bodies.get(i));
            }
            p.sync();
            published.addAndGet(a.events());
        } catch (RuntimeException e) {
            // Some of the pipeline may have reached Redis; none is sent again (at most once), all counted as shed.
            LOG.warn(
                    "redis: lost the connection to {}: {}; shedding raw events until it is back",
                    address,
                    e.toString());
            shed.addAndGet(a.events());
            disconnect();
            retryLater();
        }
    }

    /** The connection, opened if it is time to try; null while Redis is unreachable. */
    private Jedis connection() {
        if (jedis != null) return jedis;
        if (System.nanoTime() - nextAttempt < 0) return null;
        Jedis j = null;
        try {
            DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
                    .socketTimeoutMillis(SOCKET_TIMEOUT_MS)
                    .database(address.database())
                    .clientName("lampblack");
            if (address.password() != null) config.user(address.user()).password(address.password());
            j = new Jedis(new HostAndPort(address.host(), address.port()), config.build());
            j.ping();
        } catch (RuntimeException e) {
            if (j != null) j.close();
            if (pause == FIRST_PAUSE_MS) LOG.warn("redis: cannot reach {}: {}", address, e.toString());
            retryLater();
            return null;
        }
        if (connects.incrementAndGet() > 1) LOG.info("redis: connected to {} again", address);
        jedis = j;
        connected = true;
        pause = FIRST_PAUSE_MS;
        return j;
    }

    private void retryLater() {
        nextAttempt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
        pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }

    private void disconnect() {
        connected = false;
        if (jedis == null) return;
        try {
            jedis.close();
        } catch (RuntimeException e) {
            // already broken
        }
        jedis = null;
    }

    @Override
    public String queueName() {
        return "redis-export";
    }

    @Override
    public int queued() {
        return queue.size();
    }

    /** Events handed to Redis. */
    public long published() {
        return published.get();
    }

    /** Events dropped: queue full, Redis unreachable, or the connection lost while sending. */
    public long shed() {
        return shed.get();
    }

    /** Connections opened (the first and every reconnection). */
    public long connects() {
        return connects.get();
    }

    public boolean connected() {
        return connected;
    }

    /** Publishes what is queued (or sheds it, with Redis down), then stops. */
    @Override
    public void close() {
        queue.close();
    }
}
