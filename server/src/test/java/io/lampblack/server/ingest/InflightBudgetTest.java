package io.lampblack.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lampblack.server.problem.Problem;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InflightBudgetTest {

    /** 4 MiB in all, 1 MiB a sensor; no waiting for the global budget. */
    private final InflightBudget budget = new InflightBudget(4L << 20, 25, Duration.ZERO);

    @Test
    void leasesReserveStepByStepAndGiveEverythingBack() {
        try (InflightBudget.Lease a = budget.lease(1)) {
            a.reserve(1000);
            a.reserve(24);
            assertEquals(1024, budget.inUse());
            assertEquals(1024, a.bytes());
        }
        assertEquals(0, budget.inUse());
    }

    @Test
    void aSensorOverItsShareIsToldToRetryWhileOthersGoOn() {
        try (InflightBudget.Lease a = budget.lease(1);
                InflightBudget.Lease b = budget.lease(1);
                InflightBudget.Lease c = budget.lease(2)) {
            a.reserve(700 << 10);
            var busy = assertThrows(InflightBudget.Refused.class, () -> b.reserve(400 << 10));
            assertEquals(Problem.Kind.TOO_MANY, busy.kind());
            assertEquals("sensor_busy", busy.reason());
            assertEquals(InflightBudget.RETRY_AFTER_SECONDS, busy.retryAfterSeconds());
            c.reserve(1 << 20);
            b.reserve(300 << 10); // still fits beside a
        }
        assertEquals(0, budget.inUse());
    }

    @Test
    void anUploadThatCouldNeverFitItsShareIsTooLarge() {
        try (InflightBudget.Lease a = budget.lease(1)) {
            var tooLarge = assertThrows(InflightBudget.Refused.class, () -> a.reserve((1 << 20) + 1));
            assertEquals(Problem.Kind.TOO_LARGE, tooLarge.kind());
            assertEquals("upload_too_large", tooLarge.reason());
        }
        assertEquals(0, budget.inUse());
    }

    @Test
    void pastTheServersBudgetUploadsAreRefusedAsUnavailable() {
        try (InflightBudget.Lease s1 = budget.lease(1);
                InflightBudget.Lease s2 = budget.lease(2);
                InflightBudget.Lease s3 = budget.lease(3);
                InflightBudget.Lease s4 = budget.lease(4);
                InflightBudget.Lease s5 = budget.lease(5)) {
            s1.reserve(1 << 20);
            s2.reserve(1 << 20);
            s3.reserve(1 << 20);
            s4.reserve(1 << 20);
            var busy = assertThrows(InflightBudget.Refused.class, () -> s5.reserve(1));
            assertEquals(Problem.Kind.UNAVAILABLE, busy.kind());
            assertEquals("server_busy", busy.reason());
            assertEquals(InflightBudget.RETRY_AFTER_SECONDS, busy.retryAfterSeconds());
            s4.close();
            s5.reserve(1); // room again once one is given back
        }
        assertEquals(0, budget.inUse());
    }
}
