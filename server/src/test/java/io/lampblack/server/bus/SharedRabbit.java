package io.lampblack.server.bus;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A consumer on the development machines' shared RabbitMQ (127.0.0.1:5672, guest/guest). It only ever declares
 * the two exchanges with the flags consumers use and its own auto-delete, server-named queue; it never changes the
 * broker otherwise. Other people's traffic may reach the queue through wide bindings: tests filter by content.
 */
final class SharedRabbit implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;

    final Connection connection;
    final Channel channel;
    final String queue;
    final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();

    private SharedRabbit(Connection connection, Channel channel, String queue) {
        this.connection = connection;
        this.channel = channel;
        this.queue = queue;
    }

    /** Skips the calling test (never fails it) when no RabbitMQ listens on the shared port. */
    static void assumeAvailable() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 1000);
        } catch (IOException e) {
            assumeTrue(false, "RabbitMQ not reachable on " + HOST + ":" + PORT + " (" + e + "); skipping bus test");
        }
    }

    /** A transient queue bound with each of {@code keys} to {@code exchange}, consuming with auto-ack. */
    static SharedRabbit consume(String exchange, List<String> keys) throws IOException, TimeoutException {
        return consume("amqp://guest:guest@" + HOST + ":" + PORT + "/", exchange, keys);
    }

    /** As {@link #consume(String, List)}, on the broker at {@code amqpUri} (the embedded broker's bus_url). */
    static SharedRabbit consume(String amqpUri, String exchange, List<String> keys)
            throws IOException, TimeoutException {
        ConnectionFactory f = new ConnectionFactory();
        try {
            f.setUri(amqpUri);
        } catch (java.net.URISyntaxException | java.security.GeneralSecurityException e) {
            throw new IOException("bad AMQP URI " + amqpUri, e);
        }
        // A URL ending in "/" names the default vhost, as Carbon Black's consumers write it (the client reads "").
        if (f.getVirtualHost().isEmpty()) f.setVirtualHost("/");
        Connection c = f.newConnection("lampblack-test-consumer");
        Channel ch = c.createChannel();
        // The exact flags cbapi-python and the forwarder's tools use: also proves our declaration matches theirs.
        ch.exchangeDeclare(NotificationCatalog.EVENTS_EXCHANGE, BuiltinExchangeType.TOPIC, true, false, null);
        ch.exchangeDeclare(NotificationCatalog.RAW_SENSOR_DATA_EXCHANGE, BuiltinExchangeType.FANOUT, true, false, null);
        String q = ch.queueDeclare("", false, true, true, null).getQueue();
        for (String k : keys) ch.queueBind(q, exchange, k);
        SharedRabbit r = new SharedRabbit(c, ch, q);
        ch.basicConsume(q, true, (tag, d) -> r.received.add(d), tag -> {});
        return r;
    }

    Delivery next(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        connection.abort();
    }
}
