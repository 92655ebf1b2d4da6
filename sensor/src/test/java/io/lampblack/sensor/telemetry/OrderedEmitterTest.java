package io.lampblack.sensor.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The emitter's promise to the agent: once closed, it calls the sink no more, and counts what it did not deliver. */
class OrderedEmitterTest {

    @Test
    void nothingReachesTheSinkAfterClose() throws Exception {
        CollectingSink sink = new CollectingSink();
        // Events wait for their inputs longer than closing waits for them.
        OrderedEmitter emitter = new OrderedEmitter(sink, Duration.ofHours(1), Duration.ofMillis(100));
        CbEventMsg first = CbEventMsg.newBuilder().buildPartial();
        emitter.submit(() -> List.of(first));
        sink.await("the first event", e -> true);
        CompletableFuture<Void> slow = new CompletableFuture<>();
        emitter.submit(slow, () -> List.of(CbEventMsg.newBuilder().buildPartial()));
        emitter.submit(() -> List.of(CbEventMsg.newBuilder().buildPartial()));
        emitter.close();
        slow.complete(null);
        // The event that was waiting, and the one behind it, are counted as dropped, not delivered.
        long end = System.currentTimeMillis() + 60_000;
        while (emitter.dropped() < 2) {
            if (System.currentTimeMillis() > end) {
                fail("dropped " + emitter.dropped() + " of the 2 undelivered events");
            }
            Thread.sleep(20);
        }
        assertEquals(1, sink.all().size());
        assertEquals(1, emitter.delivered());
        assertTrue(!emitter.submit(() -> List.of(first)), "a submission after close is refused");
    }
}
