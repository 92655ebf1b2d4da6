package io.lampblack.sensor.telemetry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Where the connector's reader brings the tracker in line with /proc after a loss: after what was queued before. */
class OverrunResyncTest {

    @Test
    void messagesFromBeforeTheLossAreHandledFirst() {
        OverrunResync resync = new OverrunResync();
        assertFalse(resync.dueBefore(5_000), "no loss, nothing to do");
        resync.lost(1_000);
        assertTrue(resync.pending());
        assertFalse(resync.dueBefore(999), "queued before the loss was told");
        assertTrue(resync.dueBefore(1_000));
        // Told again while catching up: the later moment counts.
        resync.lost(2_000);
        assertFalse(resync.dueBefore(1_500));
        assertTrue(resync.dueBefore(2_500));
        resync.done();
        assertFalse(resync.pending());
        assertFalse(resync.dueBefore(3_000));
    }
}
