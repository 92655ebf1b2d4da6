package io.lampblack.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Delivery;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.Hashes;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server with {@code --bus} and binary notifications on (the default): module-info events of one sensor
 * with a unique hostname give one {@code binaryinfo.host.observed} per binary, and {@code binaryinfo.observed} /
 * {@code binaryinfo.group.observed} name each binary; a stored file gives {@code binarystore.file.added}. Other
 * servers on the shared broker may announce the same binaries, so only host messages are counted exactly.
 */
class BinaryNotificationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void binariesAreAnnouncedOnTheBus() throws Exception {
        SharedRabbit.assumeAvailable();
        String host = "BIN-IT-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] file = ("lampblack bus test " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        try (SharedRabbit consumer = SharedRabbit.consume(
                        NotificationCatalog.EVENTS_EXCHANGE, List.of("binaryinfo.#", "binarystore.#"));
                TestServer server = TestServer.start(data, "bus", "amqp://guest:guest@127.0.0.1:5672/")) {
            SensorClient client = server.sensorClient();
            var reg =
                    client.register(new RegisterRequest(host, null, "windows", "workstation", null, null, null, 1), "");
            var id = new SensorClient.Identity(reg.sensorId(), reg.secret());
            List<CbEventMsg> modules = moduleEvents();
            Set<String> md5s = new HashSet<>();
            for (CbEventMsg m : modules)
                md5s.add(Hashes.moduleMd5Upper(m.getModule().getMd5()));
            if (!modules.isEmpty()) client.upload(id, "bin-1", EventLogWriter.frame(modules));
            String fileMd5 = client.uploadBinary(id, file).md5().toUpperCase(java.util.Locale.ROOT);

            Set<String> hostSeen = new HashSet<>();
            Set<String> seen = new HashSet<>();
            Set<String> groupSeen = new HashSet<>();
            JsonNode added = null;
            long end = System.currentTimeMillis() + 30_000;
            while ((added == null
                            || hostSeen.size() < md5s.size()
                            || !seen.containsAll(md5s)
                            || !groupSeen.containsAll(md5s))
                    && System.currentTimeMillis() < end) {
                Delivery d = consumer.next(200);
                if (d == null) continue;
                assertEquals(NotificationCatalog.JSON, d.getProperties().getContentType());
                JsonNode n = JSON.readTree(d.getBody());
                String md5 = n.path("md5").asText();
                switch (d.getEnvelope().getRoutingKey()) {
                    case NotificationCatalog.BINARY_HOST_OBSERVED -> {
                        if (!host.equals(n.path("hostname").asText())) continue;
                        assertEquals(reg.sensorId(), n.get("sensor_id").asInt());
                        assertTrue(hostSeen.add(md5), "one host observation per binary: " + md5);
                    }
                    case NotificationCatalog.BINARY_OBSERVED -> seen.add(md5);
                    case NotificationCatalog.BINARY_GROUP_OBSERVED -> groupSeen.add(md5);
                    case NotificationCatalog.BINARY_FILE_ADDED -> {
                        if (md5.equals(fileMd5)) added = n;
                    }
                    default -> {}
                }
            }
            assertTrue(
                    hostSeen.containsAll(md5s) && seen.containsAll(md5s) && groupSeen.containsAll(md5s),
                    md5s.size() + " binaries; host " + hostSeen.size());
            assertTrue(added != null, "binarystore.file.added for the uploaded file");
            assertEquals(file.length, added.get("size").asLong());
            assertEquals(0, added.get("node_id").asInt());
            assertTrue(added.get("event_timestamp").isFloatingPointNumber());
        }
    }

    /** The corpus's first module-info events, or none without the corpus. */
    private static List<CbEventMsg> moduleEvents() throws Exception {
        Path corpus = TestServer.corpus();
        List<CbEventMsg> out = new ArrayList<>();
        if (corpus == null) return out;
        try (Stream<Path> files = Files.list(corpus.resolve("protobuf").resolve("ingress.event.module"))) {
            for (Path f : files.sorted().limit(20).toList()) {
                out.add(CbEventMsg.parseFrom(Files.readAllBytes(f)).toBuilder()
                        .clearEnv()
                        .build());
            }
        }
        return out;
    }
}
