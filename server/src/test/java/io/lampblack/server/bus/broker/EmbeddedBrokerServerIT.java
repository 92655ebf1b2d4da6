package io.lampblack.server.bus.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.support.TestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server's embedded broker, reached the way consumers reach it: through bus_url in server-info.json. */
class EmbeddedBrokerServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void consumersDeclareBindAndReceive() throws Exception {
        try (TestServer t = TestServer.start(dir)) {
            String busUrl = busUrl(t);
            assertTrue(busUrl.matches("amqp://cb:[A-Za-z0-9_-]{20,}@127\\.0\\.0\\.1:\\d+/"), busUrl);
            try (Connection c = factory(busUrl).newConnection();
                    Channel ch = c.createChannel()) {
                ch.exchangeDeclarePassive("api.events");
                ch.exchangeDeclarePassive("api.rawsensordata");
                // cbapi-python's RabbitMQEventSource re-declares the exchange; a flag mismatch would close the channel.
                ch.exchangeDeclare("api.events", "topic", true, false, null);

                // pika's usual consumer queue: server-named, exclusive, not auto-deleted. Qpid accepts it only when
                // it knows the declaring connection, which the subject shim must carry to Qpid's IO threads.
                String queue = ch.queueDeclare("", false, true, false, null).getQueue();
                ch.queueBind(queue, "api.events", "#");
                // The forwarder's: a named durable queue.
                ch.queueDeclare("lampblack-test-forwarder", true, false, false, null);
                ch.queueBind("lampblack-test-forwarder", "api.events", "ingress.event.#");
                BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
                ch.basicConsume(queue, true, (tag, d) -> received.add(d), tag -> {});
                byte[] body = new byte[250];
                new Random(4).nextBytes(body);
                ch.basicPublish(
                        "api.events",
                        "ingress.event.process",
                        new AMQP.BasicProperties.Builder()
                                .contentType("application/protobuf")
                                .deliveryMode(1)
                                .build(),
                        body);
                Delivery d = received.poll(10, TimeUnit.SECONDS);
                assertNotNull(d, "the published message comes back on the # binding");
                assertEquals("ingress.event.process", d.getEnvelope().getRoutingKey());
                assertEquals("application/protobuf", d.getProperties().getContentType());
                assertArrayEquals(body, d.getBody());
                assertEquals(1, ch.messageCount("lampblack-test-forwarder"));
            }
        }
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        try (TestServer t = TestServer.start(dir)) {
            ConnectionFactory f = factory(busUrl(t));
            f.setPassword(f.getPassword() + "x");
            assertThrows(PossibleAuthenticationFailureException.class, f::newConnection);
        }
    }

    @Test
    void passwordSurvivesRestartAndIsOwnerOnly() throws Exception {
        String first;
        try (TestServer t = TestServer.start(dir)) {
            first = busUrl(t);
        }
        String password = URI.create(first).getUserInfo().split(":", 2)[1];
        Path file = dir.resolve("bus").resolve("cb.password");
        assertEquals(password, Files.readString(file).trim());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (TestServer t = TestServer.start(dir)) {
            String second = busUrl(t);
            assertEquals(password, URI.create(second).getUserInfo().split(":", 2)[1]);
            try (Connection c = factory(second).newConnection()) {
                assertTrue(c.isOpen());
            }
        }
        try (var files = Files.walk(dir.resolve("bus"))) {
            assertTrue(
                    files.noneMatch(p -> p.getFileName().toString().equals("initial-config.json")),
                    "the generated Qpid configuration (it holds the passwords) is removed after start");
        }
    }

    /**
     * cbapi-python's event source (cbapi/response/event.py): re-declares {@code api.events} (topic, durable, not
     * auto-delete), declares a named, non-exclusive, auto-delete queue, binds one key per registered callback and
     * consumes. It receives the server's own messages, and its queue goes away with its connection.
     */
    @Test
    void cbapiEventSourceDeclaresBindsAndReceives() throws Exception {
        try (TestServer t = TestServer.start(dir, "broadcast-event-types", "process")) {
            String queue = "cbapi-event-handler-lampblack-test-"
                    + ProcessHandle.current().pid();
            BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
            try (Connection c = factory(busUrl(t)).newConnection()) {
                Channel ch = c.createChannel();
                ch.exchangeDeclare("api.events", "topic", true, false, null);
                ch.queueDeclare(queue, false, false, true, null);
                ch.queueBind(queue, "api.events", "ingress.event.process");
                ch.queueBind(queue, "api.events", "binaryinfo.observed");
                ch.basicConsume(queue, true, (tag, d) -> received.add(d), tag -> {});

                var client = t.sensorClient();
                var reg = client.register(
                        new RegisterRequest("CBAPI-IT", null, "windows", "workstation", null, null, null, 1), "");
                client.upload(
                        new SensorClient.Identity(reg.sensorId(), reg.secret()),
                        "cbapi-1",
                        new SyntheticHost(3).nextUpload(200));
                Set<String> keys = new HashSet<>();
                long end = System.currentTimeMillis() + 30_000;
                while (keys.size() < 2 && System.currentTimeMillis() < end) {
                    Delivery d = received.poll(200, TimeUnit.MILLISECONDS);
                    if (d != null) keys.add(d.getEnvelope().getRoutingKey());
                }
                assertEquals(Set.of("ingress.event.process", "binaryinfo.observed"), keys);
            }
            try (Connection c = factory(busUrl(t)).newConnection()) {
                Channel ch = c.createChannel();
                assertThrows(
                        IOException.class,
                        () -> ch.queueDeclarePassive(queue),
                        "the auto-delete queue went away with its consumer");
            }
        }
    }

    @Test
    void externalBusSkipsTheEmbeddedBroker() throws Exception {
        String external = "amqp://guest:guest@127.0.0.1:5672/";
        try (TestServer t = TestServer.start(dir, "bus", external)) {
            assertTrue(t.server.bus().broker().isEmpty());
            assertEquals(external, busUrl(t));
        }
    }

    private static String busUrl(TestServer t) throws Exception {
        return JSON.readTree(t.server.serverInfoFile().toFile()).path("bus_url").asText();
    }

    private static ConnectionFactory factory(String busUrl) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(busUrl);
        f.setAutomaticRecoveryEnabled(false);
        return f;
    }
}
