package io.lampblack.server.bus;

/**
 * What became of the messages handed to a {@link BusPublisher} since it started. Every accepted message ends as
 * exactly one of confirmed or undelivered (or is still buffered / in flight); shed messages were never accepted.
 *
 * @param published   messages accepted into the buffer
 * @param confirmed   messages the broker confirmed
 * @param undelivered messages given up on: broker nack, notification buffer full, or still buffered at close
 * @param shed        raw-event messages refused because the buffer was full
 * @param buffered    messages waiting to be sent or to be confirmed right now
 * @param reconnects  times the publisher had to connect again after losing its connection
 */
public record BusCounters(long published, long confirmed, long undelivered, long shed, long buffered, long reconnects) {

    public static final BusCounters ZERO = new BusCounters(0, 0, 0, 0, 0, 0);
}
