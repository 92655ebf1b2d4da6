package io.lampblack.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerifySlotsTest {

    @Test
    void aCheckBeyondTheSlotsIsRefusedWith429AndRetryAfter() {
        VerifySlots slots = new VerifySlots(1, Duration.ZERO);
        AccessProblem p = assertThrows(
                AccessProblem.class, () -> slots.check(() -> slots.check(() -> true)), "the only slot is taken");
        assertEquals("login_busy", p.reason());
        assertEquals(1, p.retryAfterSeconds());
        assertTrue(slots.check(() -> true), "the slot is free again");
    }

    @Test
    void atLeastTwoSlots() {
        assertTrue(VerifySlots.defaultSlots() >= 2);
    }
}
