package io.lampblack.server.bus;

import static io.lampblack.server.support.HostEvents.netconn;
import static io.lampblack.server.support.HostEvents.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.replay.CorpusLoader;
import io.lampblack.sensor.replay.Replay;
import io.lampblack.sensor.replay.ReplaySource;
import io.lampblack.server.support.TestServer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * Raw events on Redis PUBSUB against the machine's Redis (skipped when nothing listens on 127.0.0.1:6379): the
 * corpus replayed, every netconn received on {@code ingress.event.netconn} as a {@code CbEventMsg} with the server's
 * envelope; then an outage (a TCP relay between server and Redis, severed by the test; the shared Redis is never
 * touched) during which events are shed and counted, and the recovery once the relay is restored. Hostnames carry a
 * random suffix, so messages of anything else publishing on the same Redis are ignored.
 */
class RedisPublishIT {

    private static final String CHANNEL = "ingress.event.netconn";
    private static final String MD5 = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private static boolean redisListening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 6379), 1_000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Counts the netconn payloads of this run's hosts, per host, parsing each as Carbon Black's event. */
    private static final class Subscriber implements AutoCloseable {
        final Map<String, AtomicInteger> byHost = new ConcurrentHashMap<>();
        final AtomicInteger unparsable = new AtomicInteger();
        final CountDownLatch subscribed = new CountDownLatch(1);
        final BinaryJedisPubSub pubsub;
        final Thread thread;

        Subscriber(String run) {
            pubsub = new BinaryJedisPubSub() {
                @Override
                public void onSubscribe(byte[] channel, int count) {
                    subscribed.countDown();
                }

                @Override
                public void onMessage(byte[] channel, byte[] message) {
                    CbEventMsg ev;
                    try {
                        ev = CbEventMsg.parseFrom(message);
                    } catch (Exception e) {
                        unparsable.incrementAndGet();
                        return;
                    }
                    String host = ev.getEnv().getEndpoint().getSensorHostName();
                    if (!host.endsWith(run)) return;
                    if (!(ev.hasNetwork() || ev.hasNetworkv2())) unparsable.incrementAndGet();
                    byHost.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
                }
            };
            thread = Thread.ofPlatform().daemon(true).start(() -> {
                try (Jedis j = new Jedis("127.0.0.1", 6379)) {
                    j.subscribe(pubsub, CHANNEL.getBytes(StandardCharsets.US_ASCII));
                }
            });
        }

        int total() {
            return byHost.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        int of(String host) {
            AtomicInteger n = byHost.get(host);
            return n == null ? 0 : n.get();
        }

        @Override
        public void close() throws InterruptedException {
            if (pubsub.isSubscribed()) pubsub.unsubscribe();
            thread.join(5_000);
        }
    }

    /** Waits for a condition the server reaches on its own threads (bounded, so a bug fails instead of hanging). */
    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 1_200 && !done.getAsBoolean(); i++) Thread.sleep(50);
        assertTrue(done.getAsBoolean(), what);
    }

    @Test
    void corpusNetconnsThenAnOutageShedAndCountedThenRecovery() throws Exception {
        assumeTrue(redisListening(), "no Redis on 127.0.0.1:6379; skipping the Redis PUBSUB test");
        Path corpus = TestServer.corpus();
        assumeTrue(corpus != null, "shared corpus not found beside the project; skipping the Redis PUBSUB test");
        String run =
                "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        List<ReplaySource> sources = new ArrayList<>();
        long expected = 0;
        for (ReplaySource s : CorpusLoader.load(
                List.of(
                        corpus.resolve("protobuf"),
                        corpus.resolve("rawsensordata/zip"),
                        corpus.resolve("rawsensordata/bundles")),
                500)) {
            sources.add(new ReplaySource(s.corpusSensorId(), s.hostname() + run, s.uploads(), s.events()));
            for (byte[] upload : s.uploads()) {
                for (CbEventMsg ev : EventLogReader.decodeStrict(upload, Integer.MAX_VALUE - 16)
                        .events()) {
                    if (EventKind.of(ev) == EventKind.NET_CONN) expected++;
                }
            }
        }
        assertTrue(expected > 0, "the corpus has netconns");
        long netconns = expected;

        try (Subscriber sub = new Subscriber(run);
                TcpRelay relay = new TcpRelay("127.0.0.1", 6379)) {
            assertTrue(sub.subscribed.await(30, TimeUnit.SECONDS), "subscribed to " + CHANNEL);
            try (TestServer t = TestServer.start(
                    dir.resolve("data"),
                    "redis-url",
                    "redis://127.0.0.1:" + relay.port() + "/9",
                    "redis-event-types",
                    "netconn")) {
                RedisEventPublisher redis = t.server.ingress().redis().orElseThrow();
                Replay.run(t.sensorClient(), sources, "", null);
                await("every netconn published", () -> redis.published() + redis.shed() >= netconns);
                assertEquals(netconns, redis.published());
                assertEquals(0, redis.shed());
                await("every netconn received", () -> sub.total() >= netconns);
                assertEquals(netconns, sub.total());
                assertEquals(0, sub.unparsable.get(), "every payload a CbEventMsg with a netconn");

                // The outage: every event is shed and counted, none waits and none blocks ingest.
                SensorClient client = t.sensorClient();
                String probeHost = "PROBE" + run;
                RegisterResponse reg = client.register(
                        new RegisterRequest(probeHost, probeHost, "windows", "workstation", "t", "", "1", 1), "");
                SensorClient.Identity id = new SensorClient.Identity(reg.sensorId(), reg.secret());
                relay.sever();
                for (int i = 0; i < 3; i++) {
                    client.upload(
                            id,
                            "outage-" + i,
                            EventLogWriter.frame(List.of(
                                    start(300 + i, 0, "c:\\a.exe", "a", MD5),
                                    netconn(300 + i, "x.example", "10.0.0.1", 80),
                                    netconn(300 + i, "y.example", "10.0.0.2", 80))));
                }
                await("the outage's events accounted for", () -> redis.published() + redis.shed() >= netconns + 6);
                assertEquals(6, redis.shed());
                assertEquals(netconns, redis.published());
                assertTrue(t.get("/metrics").text().contains("lampblack_redis_shed_total 6.0"));

                // Back: probes until one is published (the publisher retries after a pause), which then arrives.
                relay.restore();
                long before = redis.shed();
                int probes = 0;
                while (redis.published() == netconns && probes < 200) {
                    long accounted = redis.published() + redis.shed();
                    client.upload(
                            id,
                            "probe-" + probes++,
                            EventLogWriter.frame(List.of(netconn(300, "z.example", "10.0.0.3", 80))));
                    await("the probe accounted for", () -> redis.published() + redis.shed() > accounted);
                    if (redis.published() == netconns) Thread.sleep(100);
                }
                assertEquals(netconns + 1, redis.published(), "recovered after " + probes + " probes");
                assertEquals(before + probes - 1, redis.shed(), "probes before the reconnection were shed");
                assertTrue(redis.connects() >= 2, "reconnected");
                await("the probe received", () -> sub.of(probeHost) == 1);
            }
        }
    }
}
