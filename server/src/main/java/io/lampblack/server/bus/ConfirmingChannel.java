package io.lampblack.server.bus;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.nio.NioParams;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection and its publishing channel in confirm mode. Every published message stays in {@link #outstanding}
 * under its delivery tag until the broker acks it (confirmed) or nacks it (undelivered); when the connection dies,
 * whatever is still outstanding is handed back to be sent again on the next connection. Each message leaves the
 * map exactly once (an atomic remove), so a late confirm and a hand-back can never both claim it.
 *
 * <p>No lock is held while publishing: a broker that blocks publishers (memory alarm) stalls only the client's
 * write loop (the NIO write queue is sized for a whole confirm window), never the reader that delivers confirms.
 */
final class ConfirmingChannel implements AutoCloseable {

    /** Frames the NIO write queue holds: room for a whole window of 4,096 messages with large bodies. */
    private static final int WRITE_QUEUE_FRAMES = 65_536;

    private final Connection connection;
    private final Channel channel;
    private final ConcurrentSkipListMap<Long, BusMessage> outstanding = new ConcurrentSkipListMap<>();
    /** The map's size: ConcurrentSkipListMap.size() walks the whole map. */
    private final AtomicInteger outstandingCount = new AtomicInteger();
    /** Properties of header-less messages by content type: there are only a few, and they are immutable. */
    private final Map<String, AMQP.BasicProperties> plainProperties = new HashMap<>();

    private final Object windowSignal = new Object();
    /** Set while the publishing thread waits for room, so that confirms only signal when someone listens. */
    private volatile boolean windowWaiter;

    private volatile boolean lost;

    private ConfirmingChannel(Connection connection, Channel channel) {
        this.connection = connection;
        this.channel = channel;
    }

    /**
     * Connects, declares both exchanges exactly as consumers re-declare them (reference §1.2: a flag mismatch is a
     * 406 that kills the consumer) and turns on publisher confirms.
     *
     * @param onLost called (from the client's thread) when the connection goes away
     */
    static ConfirmingChannel open(AmqpAddress address, AtomicLong confirmed, AtomicLong undelivered, Runnable onLost)
            throws IOException, TimeoutException {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(address.host());
        f.setPort(address.port());
        f.setUsername(address.user());
        f.setPassword(address.password());
        f.setVirtualHost(address.vhost());
        // Our own loop reconnects: the client's recovery would restart delivery tags under our outstanding map.
        f.setAutomaticRecoveryEnabled(false);
        f.setTopologyRecoveryEnabled(false);
        f.setConnectionTimeout(5000);
        f.setHandshakeTimeout(5000);
        f.setRequestedHeartbeat(10);
        // NIO: frames of many messages leave in one socket write. Its write queue must hold every frame the window
        // allows (3 per message and more for big bodies): a full queue makes basicPublish fail after 10 s instead of
        // waiting while a broker blocks publishers.
        f.useNio();
        f.setNioParams(new NioParams().setWriteQueueCapacity(WRITE_QUEUE_FRAMES));
        Connection c = f.newConnection("lampblack-publisher");
        try {
            Channel ch = c.createChannel();
            ch.exchangeDeclare(NotificationCatalog.EVENTS_EXCHANGE, BuiltinExchangeType.TOPIC, true, false, null);
            ch.exchangeDeclare(
                    NotificationCatalog.RAW_SENSOR_DATA_EXCHANGE, BuiltinExchangeType.FANOUT, true, false, null);
            ch.confirmSelect();
            ConfirmingChannel cc = new ConfirmingChannel(c, ch);
            ch.addConfirmListener(cc.settler(confirmed, undelivered));
            c.addShutdownListener(cause -> {
                cc.lost = true;
                cc.signalWindow();
                onLost.run();
            });
            return cc;
        } catch (IOException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private ConfirmListener settler(AtomicLong confirmed, AtomicLong undelivered) {
        return new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
                confirmed.addAndGet(settle(tag, multiple));
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
                undelivered.addAndGet(settle(tag, multiple));
            }
        };
    }

    private int settle(long tag, boolean multiple) {
        int n = 0;
        if (multiple) {
            for (Map.Entry<Long, BusMessage> e; (e = outstanding.firstEntry()) != null && e.getKey() <= tag; ) {
                if (outstanding.remove(e.getKey()) != null) n++;
            }
        } else if (outstanding.remove(tag) != null) {
            n = 1;
        }
        if (n > 0) {
            outstandingCount.addAndGet(-n);
            if (windowWaiter) signalWindow();
        }
        return n;
    }

    /** Called by the publishing thread only. */
    void publish(BusMessage m) throws IOException {
        AMQP.BasicProperties props = m.headers().isEmpty()
                ? plainProperties.computeIfAbsent(m.contentType(), type -> properties(type, null))
                : properties(m.contentType(), m.headers());
        long tag = channel.getNextPublishSeqNo();
        outstanding.put(tag, m);
        outstandingCount.incrementAndGet();
        channel.basicPublish(m.exchange(), m.routingKey(), props, m.body());
    }

    private static AMQP.BasicProperties properties(String contentType, Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder()
                .contentType(contentType)
                .deliveryMode(1) // transient: nothing relies on persistence (reference §1.6)
                .priority(0)
                .headers(headers)
                .build();
    }

    boolean lost() {
        return lost || !connection.isOpen();
    }

    int inFlight() {
        return outstandingCount.get();
    }

    /** Waits until fewer than {@code window} messages await confirmation, the connection is lost, or time passes. */
    void awaitWindow(int window, long millis) throws InterruptedException {
        synchronized (windowSignal) {
            windowWaiter = true;
            try {
                if (outstandingCount.get() >= window && !lost) windowSignal.wait(millis);
            } finally {
                windowWaiter = false;
            }
        }
    }

    private void signalWindow() {
        synchronized (windowSignal) {
            windowSignal.notifyAll();
        }
    }

    /** Takes back everything not yet confirmed, oldest first. */
    List<BusMessage> takeUnconfirmed() {
        List<BusMessage> out = new ArrayList<>();
        for (Map.Entry<Long, BusMessage> e; (e = outstanding.pollFirstEntry()) != null; ) {
            outstandingCount.decrementAndGet();
            out.add(e.getValue());
        }
        return out;
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            if (c.isOpen()) c.close(2000);
        } catch (IOException | RuntimeException e) {
            c.abort();
        }
    }
}
