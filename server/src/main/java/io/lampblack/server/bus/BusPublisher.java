package io.lampblack.server.bus;

/**
 * Where finished messages go. {@link #publish} never blocks and never throws: the bus must never slow ingest or a
 * request thread down (design §5a). What cannot be delivered is counted in {@link #counters()}.
 *
 * <p>Implementations: {@link #NONE} when no bus is configured, {@link AmqpBusPublisher} for any AMQP 0-9-1 broker
 * (an external RabbitMQ, or the embedded broker once it hands over its own URL).
 */
public interface BusPublisher extends AutoCloseable {

    BusPublisher NONE = new BusPublisher() {
        @Override
        public boolean publish(BusMessage message) {
            return false;
        }

        @Override
        public void shed(long messages) {}

        @Override
        public BusCounters counters() {
            return BusCounters.ZERO;
        }

        @Override
        public void close() {}
    };

    /**
     * Takes a message for delivery.
     *
     * @return false when the message was not accepted (no bus, or shed / counted undelivered because the buffer
     *         is full)
     */
    boolean publish(BusMessage message);

    /** Counts raw-event messages shed before they reached the publisher (the export stage was too far behind). */
    void shed(long messages);

    BusCounters counters();

    /** Whether a bus is configured at all: exporters skip encoding work when it is not. */
    default boolean enabled() {
        return this != NONE;
    }

    /** Stops accepting, tries briefly to deliver what is buffered, counts the rest as undelivered. */
    @Override
    void close();
}
