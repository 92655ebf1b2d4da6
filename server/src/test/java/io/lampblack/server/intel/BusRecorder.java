package io.lampblack.server.intel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.lampblack.server.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A consumer of a test server's JSON notifications, bound to some keys of {@code api.events}, as a SIEM would be. */
final class BusRecorder implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A routed message: its key and JSON body. */
    record Message(String key, JsonNode body) {}

    private final Connection connection;
    private final LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();

    BusRecorder(TestServer t, String... bindingKeys) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(t.server.busUrl());
        f.setVirtualHost("/");
        connection = f.newConnection();
        Channel ch = connection.createChannel();
        String q = ch.queueDeclare("", false, true, true, null).getQueue();
        for (String key : bindingKeys) ch.queueBind(q, "api.events", key);
        ch.basicConsume(
                q,
                true,
                (tag, d) -> received.add(new Message(d.getEnvelope().getRoutingKey(), JSON.readTree(d.getBody()))),
                tag -> {});
    }

    /** Everything received until the bus is quiet for 2 s. */
    List<Message> drain() throws InterruptedException {
        List<Message> out = new ArrayList<>();
        for (Message m; (m = received.poll(2, TimeUnit.SECONDS)) != null; ) out.add(m);
        return out;
    }

    /**
     * Everything received until {@code done} holds for it: waits for what must arrive, never for a period of quiet.
     * Fails when that has not happened within {@code timeoutMillis}.
     */
    List<Message> receiveUntil(Predicate<List<Message>> done, long timeoutMillis) throws InterruptedException {
        List<Message> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!done.test(out)) {
            Message m = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("still waiting after " + timeoutMillis + " ms; received " + out.size()
                        + " messages: " + out.stream().map(Message::key).toList());
            }
            out.add(m);
        }
        return out;
    }

    void clear() {
        received.clear();
    }

    /** The first captured sample of a routing key in the corpus. */
    static JsonNode sample(Path corpus, String key) throws Exception {
        return JSON.readTree(
                corpus.resolve("json").resolve(key).resolve("0.json").toFile());
    }

    static Set<String> keys(JsonNode n) {
        Set<String> out = new TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
