package io.lampblack.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishBufferTest {

    private static BusMessage m(String key, boolean raw) {
        return new BusMessage("api.events", key, "application/json", new byte[0], Map.of(), raw);
    }

    @Test
    void lanesHaveTheirOwnLimitsAndNotificationsGoFirst() throws Exception {
        PublishBuffer b = new PublishBuffer(1, 2, 1 << 20);
        assertEquals(PublishBuffer.Offer.ACCEPTED, b.offer(m("r1", true)));
        assertEquals(PublishBuffer.Offer.ACCEPTED, b.offer(m("r2", true)));
        assertEquals(PublishBuffer.Offer.FULL, b.offer(m("r3", true)));
        assertEquals(PublishBuffer.Offer.ACCEPTED, b.offer(m("n1", false)));
        assertEquals(PublishBuffer.Offer.FULL, b.offer(m("n2", false)));
        assertEquals(
                List.of("n1", "r1"),
                b.take(2, 0).stream().map(BusMessage::routingKey).toList());
    }

    @Test
    void theRawLaneIsAlsoBoundedInBytes() throws Exception {
        PublishBuffer b = new PublishBuffer(10, 10, 100);
        BusMessage big = new BusMessage("api.rawsensordata", "", "application/zip", new byte[60], Map.of(), true);
        assertEquals(PublishBuffer.Offer.ACCEPTED, b.offer(big));
        assertEquals(PublishBuffer.Offer.FULL, b.offer(big), "120 bytes > 100");
        assertEquals(1, b.take(10, 0).size());
        assertEquals(PublishBuffer.Offer.ACCEPTED, b.offer(big), "taking frees the bytes");
    }

    @Test
    void requeuedMessagesComeBackFirstInOrder() throws Exception {
        PublishBuffer b = new PublishBuffer(10, 10, 1 << 20);
        b.offer(m("r3", true));
        b.requeue(List.of(m("r1", true), m("r2", true)));
        assertEquals(
                List.of("r1", "r2", "r3"),
                b.take(10, 0).stream().map(BusMessage::routingKey).toList());
    }

    @Test
    void closedRefusesAndDoesNotWait() throws Exception {
        PublishBuffer b = new PublishBuffer(10, 10, 1 << 20);
        b.close();
        assertEquals(PublishBuffer.Offer.CLOSED, b.offer(m("x", false)));
        assertEquals(List.of(), b.take(10, 60_000));
    }
}
