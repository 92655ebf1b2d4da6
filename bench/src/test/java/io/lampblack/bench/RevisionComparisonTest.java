package io.lampblack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RevisionComparisonTest {

    @Test
    void medianOfOddAndEvenCountsIgnoresOrder() {
        assertEquals(2.0, RevisionComparison.median(new double[] {3, 1, 2}));
        assertEquals(2.5, RevisionComparison.median(new double[] {4, 1, 3, 2}));
        assertEquals(7.0, RevisionComparison.median(new double[] {7}));
    }
}
