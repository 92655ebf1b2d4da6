package io.lampblack.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A consumer on the bus under measurement, as a SIEM forwarder would be: one server-named queue bound to an
 * exchange, auto-ack, counting what arrives. Exports are measured by what a consumer receives, not by what the
 * server handed to its publisher; and a bound queue makes the broker do the routing and queueing work it does in
 * production (with no binding, a broker drops messages cheaply).
 */
final class BusTap implements AutoCloseable {

    private final Connection connection;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AutoCloseable alsoClose;

    private BusTap(Connection connection, AutoCloseable alsoClose) {
        this.connection = connection;
        this.alsoClose = alsoClose;
    }

    /** Binds a fresh queue to {@code exchange} with {@code bindingKey} and starts counting. */
    static BusTap open(String url, String exchange, String bindingKey) throws Exception {
        return open(url, exchange, java.util.List.of(bindingKey), d -> true, () -> {});
    }

    /**
     * Binds a fresh queue with each of {@code bindingKeys} and shows every delivery to {@code observer} (on the
     * client's delivery thread), counting those it answers true for: a tap whose messages never stop (probes) counts
     * none, so that waiting for the bus to go quiet does not wait for them. {@code alsoClose} is closed with the tap
     * (e.g. the probe feeding what it observes).
     */
    static BusTap open(
            String url,
            String exchange,
            java.util.List<String> bindingKeys,
            java.util.function.Predicate<com.rabbitmq.client.Delivery> observer,
            AutoCloseable alsoClose)
            throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(url);
        if (f.getVirtualHost().isEmpty()) f.setVirtualHost("/");
        BusTap tap = new BusTap(f.newConnection("lampblack-bench-tap"), alsoClose);
        Channel ch = tap.connection.createChannel();
        String q = ch.queueDeclare("", false, true, true, null).getQueue();
        for (String key : bindingKeys) ch.queueBind(q, exchange, key);
        ch.basicQos(2000);
        ch.basicConsume(
                q,
                true,
                (tag, d) -> {
                    if (!observer.test(d)) return;
                    tap.messages.incrementAndGet();
                    tap.bytes.addAndGet(d.getBody().length);
                },
                tag -> {});
        return tap;
    }

    long messages() {
        return messages.get();
    }

    long bytes() {
        return bytes.get();
    }

    /** Waits until nothing more arrives for {@code quietMillis} (the broker has delivered what it holds). */
    long awaitQuiet(long quietMillis, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long last = -1;
        long since = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long now = messages.get();
            if (now != last) {
                last = now;
                since = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - since >= quietMillis) {
                break;
            }
            Thread.sleep(20);
        }
        return messages.get();
    }

    @Override
    public void close() throws Exception {
        try {
            alsoClose.close();
        } finally {
            connection.close();
        }
    }
}
