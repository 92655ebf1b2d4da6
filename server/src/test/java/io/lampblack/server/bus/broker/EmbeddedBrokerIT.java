package io.lampblack.server.bus.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker on its own: extra users from {@code bus-users}, a queue bound to the fanout exchange, a clean stop. */
class EmbeddedBrokerIT {

    @TempDir
    Path dir;

    @Test
    void extraUserAndRawSensorDataExchange() throws Exception {
        Set<String> before = liveThreads();
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, "127.0.0.1", 0, "forwarder:s3cret:x")) {
            ConnectionFactory f = new ConnectionFactory();
            f.setHost("127.0.0.1");
            f.setPort(broker.port());
            f.setUsername("forwarder");
            f.setPassword("s3cret:x");
            try (Connection c = f.newConnection();
                    Channel ch = c.createChannel()) {
                // As the forwarder's tools declare it.
                ch.exchangeDeclare(
                        EmbeddedBroker.RAW_SENSOR_DATA_EXCHANGE, BuiltinExchangeType.FANOUT, true, false, null);
                String q = ch.queueDeclare().getQueue();
                ch.queueBind(q, EmbeddedBroker.RAW_SENSOR_DATA_EXCHANGE, "");
                byte[] body = new byte[1000];
                Arrays.fill(body, (byte) 7);
                ch.basicPublish(EmbeddedBroker.RAW_SENSOR_DATA_EXCHANGE, "", null, body);
                GetResponse r = null;
                for (int i = 0; i < 100 && r == null; i++) {
                    r = ch.basicGet(q, true);
                    if (r == null) Thread.sleep(20);
                }
                assertNotNull(r, "message on the fanout queue");
                assertArrayEquals(body, r.getBody());
            }
            f.setPassword("wrong");
            assertThrows(PossibleAuthenticationFailureException.class, f::newConnection);
        }
        // Closing stops every thread the broker started (a server restarted in one JVM must not pile them up).
        Set<String> left = liveThreads();
        for (int i = 0; i < 50 && !before.containsAll(left); i++) {
            Thread.sleep(100);
            left = liveThreads();
        }
        left.removeAll(before);
        assertEquals(Set.of(), left);
    }

    private static Set<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void aPortInUseFailsTheStart() throws Exception {
        try (EmbeddedBroker first = EmbeddedBroker.start(dir.resolve("a"), "127.0.0.1", 0, "")) {
            Exception e = assertThrows(
                    IllegalStateException.class,
                    () -> EmbeddedBroker.start(dir.resolve("b"), "127.0.0.1", first.port(), ""));
            assertTrue(e.getMessage().contains("127.0.0.1:" + first.port()), e.getMessage());
        }
    }

    @Test
    void usersSettingIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> BrokerUsers.parse("nopassword"));
        assertThrows(IllegalArgumentException.class, () -> BrokerUsers.parse("a:1,a:2"));
        assertEquals(2, BrokerUsers.parse(" a:1 , b:2 ").size());
    }
}
