package io.lampblack.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The bounded queue shared by raw export and Redis: bounded by items and bytes, drained in order on close. */
class ExportQueueTest {

    @Test
    void refusesBeyondItsItemsOrBytesAndHandsOverWhatIsQueuedOnClose() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> done = new CopyOnWriteArrayList<>();
        AtomicBoolean stopped = new AtomicBoolean();
        ExportQueue<Integer> q = new ExportQueue<>(
                "test-export",
                2,
                100,
                Integer::longValue,
                n -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.add(n);
                },
                () -> stopped.set(true));
        assertTrue(q.offer(90));
        started.await(); // the worker holds 90: its bytes no longer count
        assertTrue(q.offer(60));
        assertFalse(q.offer(50), "60 + 50 bytes is more than 100");
        assertTrue(q.offer(10));
        assertFalse(q.offer(1), "two items queued already");
        assertEquals(2, q.size());
        release.countDown();
        q.close();
        assertEquals(List.of(90, 60, 10), done);
        assertTrue(stopped.get());
    }
}
