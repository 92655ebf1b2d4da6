package io.lampblack.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Delivery;
import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.Hashes;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.sensor.replay.CorpusLoader;
import io.lampblack.sensor.replay.Replay;
import io.lampblack.sensor.replay.ReplaySource;
import io.lampblack.server.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying the whole corpus, twice, through the real sensor path yields exactly one {@code binaryinfo.observed} per
 * distinct binary the server learnt of, one {@code binaryinfo.group.observed} per binary (every replayed sensor is
 * in the default group), and one {@code binaryinfo.host.observed} per binary and sensor. Runs on the embedded broker,
 * where nothing but this server publishes, so every message is counted.
 */
class BinaryObservedConsistencyIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void oneObservationPerDistinctBinary() throws Exception {
        Path corpus = TestServer.corpus();
        assumeTrue(corpus != null, "shared corpus not found beside the project; skipping");
        List<ReplaySource> sources = CorpusLoader.load(
                List.of(
                        corpus.resolve("protobuf"),
                        corpus.resolve("rawsensordata/zip"),
                        corpus.resolve("rawsensordata/bundles")),
                500);
        try (TestServer server = TestServer.start(data);
                SharedRabbit consumer = SharedRabbit.consume(
                        server.server.busUrl(), NotificationCatalog.EVENTS_EXCHANGE, List.of("#"))) {
            // Nothing has been published yet, and this server has no feeds, watchlists or raw export: everything the
            // publisher counts from here on is a notification the replays set off, routed to this consumer's queue.
            assertEquals(0, server.server.bus().publisher().counters().published());
            // Twice: the second replay registers new sensors with the same names, which see every binary again.
            List<Replay.Mapping> first = Replay.run(server.sensorClient(), sources, "", null);
            List<Replay.Mapping> second = Replay.run(server.sensorClient(), sources, "", null);
            server.server.ingest().pipeline().awaitIndexed(120_000);
            long binaries = server.server.binaries().catalog().index().count();
            assertTrue(binaries > 100, "the corpus names many binaries: " + binaries);
            // awaitIndexed ends with a flush of the binary catalog, and a flush hands the binaryinfo notifications of
            // all it learnt to the publisher before it returns: this count is final.
            BusCounters counters = server.server.bus().publisher().counters();
            assertEquals(0, counters.undelivered(), counters.toString());
            long published = counters.published();

            Map<String, Integer> observed = new HashMap<>();
            Map<String, Integer> groupObserved = new HashMap<>();
            Map<String, Integer> hostObserved = new HashMap<>();
            Set<Integer> sensors = new HashSet<>();
            for (long received = 0; received < published; received++) {
                Delivery d = consumer.next(60_000);
                assertNotNull(d, "received " + received + " of the " + published + " messages published");
                JsonNode n = JSON.readTree(d.getBody());
                String md5 = n.get("md5").asText();
                switch (d.getEnvelope().getRoutingKey()) {
                    case NotificationCatalog.BINARY_OBSERVED -> observed.merge(md5, 1, Integer::sum);
                    case NotificationCatalog.BINARY_GROUP_OBSERVED -> groupObserved.merge(md5, 1, Integer::sum);
                    case NotificationCatalog.BINARY_HOST_OBSERVED -> {
                        hostObserved.merge(md5 + "/" + n.get("sensor_id").asInt(), 1, Integer::sum);
                        sensors.add(n.get("sensor_id").asInt());
                    }
                    default ->
                        throw new AssertionError(
                                "unexpected key " + d.getEnvelope().getRoutingKey());
                }
            }
            assertEquals(binaries, observed.size(), "one binaryinfo.observed per binary in the catalog");
            assertEquals(Set.of(1), new HashSet<>(observed.values()), "never announced twice");
            assertEquals(observed.keySet(), groupObserved.keySet());
            assertEquals(Set.of(1), new HashSet<>(groupObserved.values()));
            assertEquals(Set.of(1), new HashSet<>(hostObserved.values()), "one host observation per binary and sensor");
            assertTrue(observed.keySet().containsAll(moduleInfoMd5s(sources)), "every module-info binary is announced");

            // Each binary was seen by the same corpus hosts in both replays, so host observations split evenly.
            Set<Integer> firstIds = new HashSet<>();
            first.forEach(m -> firstIds.add(m.sensorId()));
            Set<Integer> secondIds = new HashSet<>();
            second.forEach(m -> secondIds.add(m.sensorId()));
            long inFirst = hostObserved.keySet().stream()
                    .filter(k -> firstIds.contains(sensorOf(k)))
                    .count();
            long inSecond = hostObserved.keySet().stream()
                    .filter(k -> secondIds.contains(sensorOf(k)))
                    .count();
            assertTrue(inFirst >= binaries, inFirst + " host observations for " + binaries + " binaries");
            assertEquals(inFirst, inSecond);
            assertEquals(sensors.size(), firstIds.size() + secondIds.size(), "every replayed sensor saw binaries");
        }
    }

    private static int sensorOf(String key) {
        return Integer.parseInt(key.substring(key.indexOf('/') + 1));
    }

    private static Set<String> moduleInfoMd5s(List<ReplaySource> sources) throws Exception {
        Set<String> out = new HashSet<>();
        List<CbEventMsg> events = new ArrayList<>();
        for (ReplaySource src : sources) {
            for (byte[] upload : src.uploads())
                events.addAll(EventLogReader.decodeStrict(upload, Integer.MAX_VALUE - 16)
                        .events());
        }
        for (CbEventMsg e : events) {
            if (!e.hasModule()) continue;
            String md5 = Hashes.moduleMd5Upper(e.getModule().getMd5());
            if (md5.matches("[0-9A-F]{32}")) out.add(md5);
        }
        return out;
    }
}
