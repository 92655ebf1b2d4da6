package io.lampblack.server.liveresponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SensorMailboxesTest {

    @Test
    void aHeldPollIsWokenByNewWork() throws Exception {
        SensorMailboxes boxes = new SensorMailboxes(Duration.ofSeconds(60));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<List<Work>> held = poll(boxes, 7, pool);
            while (!boxes.polling(7)) Thread.onSpinWait();
            boxes.post(7, Work.open(3));
            // Woken by the work, long before its 60 s wait would end (the bound only keeps a broken test from hanging).
            List<Work> work = held.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(Work.open(3)), work);
            assertEquals(0, boxes.queued(7));
            assertEquals(0, boxes.held());
        }
    }

    /**
     * A sensor whose connection broke while its poll was held polls again: the new poll replaces the stale one, which
     * ends empty without taking the work, and the work goes to the new poll (not to the dead connection).
     */
    @Test
    void aNewPollReplacesTheHeldOneWhichLeavesTheWorkToIt() throws Exception {
        SensorMailboxes boxes = new SensorMailboxes(Duration.ofSeconds(60));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<List<Work>> stale = poll(boxes, 7, pool);
            while (!boxes.polling(7)) Thread.onSpinWait();
            CompletableFuture<List<Work>> fresh = poll(boxes, 7, pool);
            assertEquals(List.of(), stale.get(30, TimeUnit.SECONDS), "the stale poll ends at once, empty");
            assertTrue(boxes.polling(7), "the new poll is held");
            assertEquals(1, boxes.held());
            boxes.post(7, Work.open(4));
            assertEquals(List.of(Work.open(4)), fresh.get(30, TimeUnit.SECONDS));
            assertEquals(0, boxes.held());
            assertTrue(!boxes.polling(7));
        }
    }

    private static CompletableFuture<List<Work>> poll(
            SensorMailboxes boxes, int sensor, java.util.concurrent.ExecutorService pool) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return boxes.poll(sensor, Duration.ofSeconds(60), true);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                },
                pool);
    }

    @Test
    void workQueuedBeforeThePollIsAnsweredAtOnceAndInOrder() throws Exception {
        SensorMailboxes boxes = new SensorMailboxes(Duration.ofSeconds(60));
        boxes.post(1, Work.open(1));
        boxes.post(1, Work.close(1));
        boxes.post(2, Work.open(2));
        assertEquals(List.of(Work.open(1), Work.close(1)), boxes.poll(1, Duration.ofSeconds(60), false));
        boxes.withdraw(2, w -> w.sessionId() == 2);
        assertEquals(List.of(), boxes.poll(2, Duration.ZERO, false), "withdrawn work is not handed out");
    }

    @Test
    void aPollWithoutWorkEndsEmptyAndWakeAllEndsHeldPolls() throws Exception {
        SensorMailboxes boxes = new SensorMailboxes(Duration.ofSeconds(60));
        assertEquals(List.of(), boxes.poll(1, Duration.ofMillis(1), false));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var held = pool.submit(() -> boxes.poll(5, Duration.ofSeconds(60), false));
            while (!boxes.polling(5)) Thread.onSpinWait();
            boxes.wakeAll();
            assertTrue(held.get(30, TimeUnit.SECONDS).isEmpty());
        }
    }
}
