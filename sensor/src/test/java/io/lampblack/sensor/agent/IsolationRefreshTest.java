package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** After failed check-ins an isolated sensor refreshes its isolation at most once per check-in interval. */
class IsolationRefreshTest {

    @Test
    void dueAtOnceThenOncePerInterval() {
        AtomicLong now = new AtomicLong(1_000);
        IsolationRefresh r = new IsolationRefresh(now::get);
        Duration interval = Duration.ofSeconds(30);
        assertTrue(r.dueAfterFailure(interval), "never refreshed: due");
        r.refreshed();
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertFalse(r.dueAfterFailure(interval), "within the interval of the last refresh");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(r.dueAfterFailure(interval));
        r.refreshed(); // e.g. after an answered check-in
        assertFalse(r.dueAfterFailure(interval));
        assertTrue(r.dueAfterFailure(Duration.ZERO));
    }
}
