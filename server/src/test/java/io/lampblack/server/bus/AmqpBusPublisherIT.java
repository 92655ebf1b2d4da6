package io.lampblack.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The publisher against the shared RabbitMQ through a {@link TcpRelay}: confirms, an outage with re-sending after
 * reconnection, and shedding when the raw lane overflows. Only messages on this test's own routing key count.
 */
class AmqpBusPublisherIT {

    private final String key = "lampblack.test." + UUID.randomUUID();
    private TcpRelay relay;
    private SharedRabbit consumer;
    private AmqpBusPublisher publisher;

    @BeforeEach
    void setUp() throws Exception {
        SharedRabbit.assumeAvailable();
        relay = new TcpRelay(SharedRabbit.HOST, SharedRabbit.PORT);
        consumer = SharedRabbit.consume(NotificationCatalog.EVENTS_EXCHANGE, List.of(key));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (publisher != null) publisher.close();
        if (consumer != null) consumer.close();
        if (relay != null) relay.close();
    }

    private void start(int rawCapacity) {
        publisher = AmqpBusPublisher.start(
                new AmqpAddress("127.0.0.1", relay.port(), "guest", "guest", "/"),
                new AmqpBusPublisher.Options(
                        1000,
                        rawCapacity,
                        1L << 20,
                        64,
                        Duration.ofMillis(200),
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(1)));
    }

    private BusMessage message(String body, boolean sheddable) {
        return new BusMessage(
                NotificationCatalog.EVENTS_EXCHANGE,
                key,
                NotificationCatalog.JSON,
                body.getBytes(StandardCharsets.UTF_8),
                Map.of(),
                sheddable);
    }

    private Set<String> receive(int distinct, long millis) throws InterruptedException {
        Set<String> bodies = new HashSet<>();
        long end = System.currentTimeMillis() + millis;
        while (bodies.size() < distinct && System.currentTimeMillis() < end) {
            Delivery d = consumer.next(100);
            if (d != null && d.getEnvelope().getRoutingKey().equals(key)) {
                bodies.add(new String(d.getBody(), StandardCharsets.UTF_8));
            }
        }
        return bodies;
    }

    private static void await(BooleanSupplier condition, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < end) Thread.sleep(20);
        assertTrue(condition.getAsBoolean(), "condition not reached in " + millis + " ms");
    }

    /**
     * Waits until the publisher has dropped its lost channel. Until then its sender may still hold a batch taken
     * from the buffer (it goes back in when the send fails), which would leave the raw lane room for more.
     */
    private void awaitOutageNoticed() throws InterruptedException {
        await(() -> !publisher.connected() && publisher.counters().reconnects() >= 1, 5000);
    }

    @Test
    void everyMessageIsConfirmedAndCarriesItsProperties() throws Exception {
        start(1000);
        for (int i = 0; i < 100; i++) assertTrue(publisher.publish(message("m" + i, i % 2 == 0)));
        assertEquals(100, receive(100, 10_000).size());
        await(() -> publisher.counters().confirmed() == 100, 5000);
        BusCounters c = publisher.counters();
        assertEquals(100, c.published());
        assertEquals(0, c.undelivered() + c.shed() + c.buffered());
    }

    @Test
    void publishingDuringAnOutageIsResentAfterReconnecting() throws Exception {
        start(1000);
        for (int i = 0; i < 20; i++) publisher.publish(message("before" + i, false));
        assertEquals(20, receive(20, 10_000).size());
        // Confirms may trail the deliveries; unconfirmed ones would (rightly) be re-sent after the outage.
        await(() -> publisher.counters().confirmed() == 20, 5000);

        relay.sever();
        awaitOutageNoticed();
        for (int i = 0; i < 50; i++) assertTrue(publisher.publish(message("during" + i, i % 2 == 0)));
        Thread.sleep(500);
        assertEquals(50, publisher.counters().buffered(), "held while the broker is unreachable");
        assertTrue(receive(1, 300).isEmpty(), "nothing can arrive during the outage");

        relay.restore();
        Set<String> after = receive(50, 15_000);
        for (int i = 0; i < 50; i++)
            assertTrue(after.contains("during" + i), "during" + i + " delivered after reconnect");
        await(() -> publisher.counters().buffered() == 0, 5000);
        BusCounters c = publisher.counters();
        assertEquals(70, c.published());
        assertEquals(70, c.confirmed() + c.undelivered());
        assertEquals(0, c.undelivered());
        assertTrue(c.reconnects() >= 1, c.toString());
    }

    @Test
    void aFullRawLaneShedsButNotificationsStillGetThrough() throws Exception {
        start(10);
        await(publisher::connected, 5000);
        relay.sever();
        awaitOutageNoticed();
        int accepted = 0;
        for (int i = 0; i < 30; i++) if (publisher.publish(message("raw" + i, true))) accepted++;
        assertEquals(10, accepted);
        assertTrue(publisher.publish(message("notification", false)), "notifications have their own lane");
        assertEquals(20, publisher.counters().shed());

        relay.restore();
        Set<String> got = receive(11, 15_000);
        assertEquals(11, got.size(), got.toString());
        assertTrue(got.contains("notification"));
        await(() -> publisher.counters().buffered() == 0, 5000);
        BusCounters c = publisher.counters();
        assertEquals(11, c.published());
        assertEquals(11, c.confirmed());
        assertFalse(got.contains("raw10"), "shed messages are never sent");
    }
}
