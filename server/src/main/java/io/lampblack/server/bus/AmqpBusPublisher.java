package io.lampblack.server.bus;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to an AMQP 0-9-1 broker (RabbitMQ, or the embedded broker through the URL it hands over) from a
 * bounded {@link PublishBuffer} on one thread of its own, with publisher confirms.
 *
 * <p>Delivery policy (also in {@code docs/compatibility.md}): every accepted message is eventually either confirmed
 * by the broker or counted as undelivered. Raw-event messages are shed (counted) when their buffer lane is full;
 * a notification finding its lane full is counted undelivered. When the connection drops, the messages awaiting
 * confirmation go back to the front of the buffer and are sent again after reconnecting (at least once: a message
 * the broker took just before the drop may arrive twice). Nothing ever blocks the caller of {@link #publish}.
 */
public final class AmqpBusPublisher implements BusPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpBusPublisher.class);
    private static final int BATCH = 256;

    /**
     * @param notificationCapacity notifications buffered while the broker is slow or away
     * @param rawCapacity          raw-event messages buffered before export sheds
     * @param rawByteCapacity      raw-event body bytes buffered before export sheds
     * @param window               messages sent but not yet confirmed, at most
     * @param reconnectDelay       pause between connection attempts
     * @param closeTimeout         how long {@link #close} keeps delivering what is buffered
     * @param reportInterval       how often undelivered and shed counts are logged (when they changed)
     */
    public record Options(
            int notificationCapacity,
            int rawCapacity,
            long rawByteCapacity,
            int window,
            Duration reconnectDelay,
            Duration closeTimeout,
            Duration reportInterval) {

        public static Options withCapacity(int capacity, long rawByteCapacity) {
            return new Options(
                    capacity,
                    capacity,
                    rawByteCapacity,
                    4096,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(5),
                    Duration.ofMinutes(1));
        }
    }

    private final AmqpAddress address;
    private final Options options;
    private final PublishBuffer buffer;
    private final Thread sender;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong undelivered = new AtomicLong();
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile ConfirmingChannel channel;
    private volatile boolean stopping;
    private long lastReport;
    private long reportedLosses;

    private AmqpBusPublisher(AmqpAddress address, Options options) {
        this.address = address;
        this.options = options;
        this.buffer =
                new PublishBuffer(options.notificationCapacity(), options.rawCapacity(), options.rawByteCapacity());
        this.sender = Thread.ofPlatform().name("bus-publisher").daemon().unstarted(this::run);
    }

    /**
     * Starts publishing to {@code address}. The first connection is tried at once, so that the exchanges exist
     * when the server reports itself started; if the broker is away the server still starts and the publisher
     * keeps trying.
     */
    public static AmqpBusPublisher start(AmqpAddress address, Options options) {
        AmqpBusPublisher p = new AmqpBusPublisher(address, options);
        try {
            p.channel = p.connect();
            LOG.info("bus: publishing to {}", address);
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.warn("bus: cannot reach {} yet ({}); buffering and retrying", address, e.toString());
        }
        p.lastReport = System.nanoTime();
        p.sender.start();
        return p;
    }

    @Override
    public boolean publish(BusMessage message) {
        switch (buffer.offer(message)) {
            case ACCEPTED -> {
                published.incrementAndGet();
                return true;
            }
            case FULL -> {
                if (message.sheddable()) {
                    shed.incrementAndGet();
                } else {
                    published.incrementAndGet();
                    undelivered.incrementAndGet();
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    @Override
    public void shed(long messages) {
        shed.addAndGet(messages);
    }

    @Override
    public BusCounters counters() {
        ConfirmingChannel c = channel;
        return new BusCounters(
                published.get(),
                confirmed.get(),
                undelivered.get(),
                shed.get(),
                buffer.size() + (c == null ? 0 : c.inFlight()),
                reconnects.get());
    }

    /** Whether a connection is up right now (for tests and status). */
    public boolean connected() {
        ConfirmingChannel c = channel;
        return c != null && !c.lost();
    }

    private ConfirmingChannel connect() throws IOException, TimeoutException {
        return ConfirmingChannel.open(address, confirmed, undelivered, buffer::wake);
    }

    private void run() {
        long closeDeadline = Long.MAX_VALUE;
        while (true) {
            if (stopping && closeDeadline == Long.MAX_VALUE) {
                closeDeadline = System.nanoTime() + options.closeTimeout().toNanos();
            }
            // Closing with no connection: nothing can be delivered, so do not wait out a connect timeout.
            if (stopping && (drained() || channel == null || System.nanoTime() > closeDeadline)) break;
            try {
                step();
            } catch (InterruptedException e) {
                if (!stopping) continue;
            }
            report(false);
        }
        finish();
    }

    private boolean drained() {
        ConfirmingChannel c = channel;
        return buffer.size() == 0 && (c == null || c.inFlight() == 0);
    }

    /** One round: make sure a channel is up, respect the window, send a batch. */
    private void step() throws InterruptedException {
        ConfirmingChannel c = channel;
        if (c != null && c.lost()) {
            dropChannel(c);
            c = null;
        }
        if (c == null) {
            try {
                c = connect();
                channel = c;
                LOG.info("bus: reconnected to {}; resending {} buffered messages", address, buffer.size());
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.debug("bus: {} unreachable: {}", address, e.toString());
                Thread.sleep(options.reconnectDelay().toMillis());
                return;
            }
        }
        int room = options.window() - c.inFlight();
        if (room <= 0) {
            c.awaitWindow(options.window(), 100);
            return;
        }
        List<BusMessage> batch = buffer.take(Math.min(BATCH, room), 200);
        for (int i = 0; i < batch.size(); i++) {
            try {
                c.publish(batch.get(i));
            } catch (IOException | RuntimeException e) {
                // The unsent rest goes back first, then the channel's unconfirmed part in front of it.
                buffer.requeue(batch.subList(i + 1, batch.size()));
                dropChannel(c);
                return;
            }
        }
    }

    private void dropChannel(ConfirmingChannel c) {
        channel = null;
        c.close();
        buffer.requeue(c.takeUnconfirmed());
        reconnects.incrementAndGet();
        LOG.warn("bus: lost the connection to {}; {} messages buffered for resending", address, buffer.size());
    }

    /** Logs undelivered and shed totals at most once per interval, and only when they grew. */
    private void report(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastReport < options.reportInterval().toNanos()) return;
        lastReport = now;
        long losses = undelivered.get() + shed.get();
        if (losses != reportedLosses) {
            reportedLosses = losses;
            LOG.warn(
                    "bus: {} messages undelivered and {} raw events shed so far (buffer full or broker refused)",
                    undelivered.get(),
                    shed.get());
        }
    }

    private void finish() {
        ConfirmingChannel c = channel;
        int left = buffer.clear();
        if (c != null) {
            left += c.takeUnconfirmed().size();
            c.close();
        }
        undelivered.addAndGet(left);
        report(true);
    }

    @Override
    public void close() {
        stopping = true;
        buffer.close();
        try {
            sender.join(options.closeTimeout().toMillis() + 5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
