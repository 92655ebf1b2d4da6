package io.lampblack.server.liveresponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void aHeldPollIsWokenByNewWorkAndASecondPollIsRefused() throws Exception {
        SensorMailboxes boxes = new SensorMailboxes(Duration.ofSeconds(60));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<List<Work>> held = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return boxes.poll(7, Duration.ofSeconds(60));
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    pool);
            while (!boxes.polling(7)) Thread.onSpinWait();
            LiveResponseProblem second =
                    assertThrows(LiveResponseProblem.class, () -> boxes.poll(7, Duration.ofSeconds(1)));
            assertEquals("poll_in_progress", second.reason());
            boxes.post(7, Work.open(3));
            // Woken by the work, long before its 60 s wait would end (the bound only keeps a broken test from hanging).
            List<Work> work = held.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(Work.open(3)), work);
            assertEquals(0, boxes.queued(7));
        }
    }

    @Test
    void workQueuedBeforeThePollIsAnsweredAtOnceAndInOrder() throws Exception {
        SensorMailboxes boxes = new SensorMailboxes(Duration.ofSeconds(60));
        boxes.post(1, Work.open(1));
        boxes.post(1, Work.close(1));
        boxes.post(2, Work.open(2));
        assertEquals(List.of(Work.open(1), Work.close(1)), boxes.poll(1, Duration.ofSeconds(60)));
        boxes.withdraw(2, w -> w.sessionId() == 2);
        assertEquals(List.of(), boxes.poll(2, Duration.ZERO), "withdrawn work is not handed out");
    }

    @Test
    void aPollWithoutWorkEndsEmptyAndWakeAllEndsHeldPolls() throws Exception {
        SensorMailboxes boxes = new SensorMailboxes(Duration.ofSeconds(60));
        assertEquals(List.of(), boxes.poll(1, Duration.ofMillis(1)));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var held = pool.submit(() -> boxes.poll(5, Duration.ofSeconds(60)));
            while (!boxes.polling(5)) Thread.onSpinWait();
            boxes.wakeAll();
            assertTrue(held.get(30, TimeUnit.SECONDS).isEmpty());
        }
    }
}
