package io.lampblack.server.bus;

import java.util.Map;
import java.util.Objects;

/**
 * One AMQP message ready to publish. Built only by {@link NotificationCatalog}, so that keys, content types and
 * headers stay in one place.
 *
 * @param exchange    {@code api.events} or {@code api.rawsensordata}
 * @param routingKey  topic key (ignored by the fanout exchange)
 * @param contentType what consumers dispatch on (reference §1.3)
 * @param body        the encoded body; not copied, callers must not modify it
 * @param headers     AMQP headers (only bulk raw data carries any)
 * @param sheddable   raw-event export, which may be dropped (and counted) when the buffer is full; notifications
 *                    are not sheddable
 */
public record BusMessage(
        String exchange,
        String routingKey,
        String contentType,
        byte[] body,
        Map<String, Object> headers,
        boolean sheddable) {

    public BusMessage {
        Objects.requireNonNull(exchange);
        Objects.requireNonNull(routingKey);
        Objects.requireNonNull(contentType);
        Objects.requireNonNull(body);
        headers = Map.copyOf(headers);
    }
}
