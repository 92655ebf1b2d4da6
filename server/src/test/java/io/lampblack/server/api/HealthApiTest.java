package io.lampblack.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A part that hangs: the health check says it is down and does not pile up probes, one more stuck thread per refresh;
 * closing the health check interrupts the one it holds.
 */
class HealthApiTest {

    @Test
    void aHungCheckHoldsOneProbeNotOneAPerRefreshAndIsInterruptedOnClose() throws Exception {
        AtomicInteger started = new AtomicInteger();
        CountDownLatch hang = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        HealthApi.Check database = new HealthApi.Check("database", () -> {
            started.incrementAndGet();
            try {
                hang.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
            return true;
        });
        HealthApi.Check journal = new HealthApi.Check("journal", () -> true);
        // Every call refreshes (fresh for 0 ms); a probe gets 1 ms.
        HealthApi health = new HealthApi(List.of(database, journal), 0, 1);
        for (int i = 0; i < 5; i++) {
            HealthApi.Answer a = health.current();
            assertEquals(503, a.status());
            assertEquals("down", a.document().checks().get("database"));
        }
        assertEquals(1, started.get(), "probes started for the hung check");
        health.close();
        assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the hung probe is interrupted on close");
    }

    @Test
    void aProbeThatReturnsLateIsAskedAgainNextTime() throws Exception {
        AtomicInteger started = new AtomicInteger();
        CountDownLatch hang = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        HealthApi.Check slow = new HealthApi.Check("index", () -> {
            if (started.incrementAndGet() == 1) {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                returned.countDown();
            }
            return true;
        });
        try (HealthApi health = new HealthApi(List.of(slow), 0, 1)) {
            assertEquals(503, health.current().status());
            hang.countDown();
            assertTrue(returned.await(30, TimeUnit.SECONDS));
            // The late probe has returned (or is about to): the next refresh, or the one after, asks again.
            for (int i = 0; i < 1_000 && started.get() < 2; i++) {
                health.current();
                Thread.sleep(10);
            }
            assertEquals(2, started.get());
        }
    }
}
