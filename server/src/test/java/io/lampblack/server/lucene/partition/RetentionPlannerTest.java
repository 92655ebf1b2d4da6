package io.lampblack.server.lucene.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.search.PartitionPolicy;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Which rolled partitions retention deletes, by age and by total size. */
class RetentionPlannerTest {

    static final long DAY = PartitionPolicy.DAY_MILLIS;
    static final long NOW = 100 * DAY;

    static RetentionPlanner.Sized rolled(String name, long id, long endMillis, long bytes, PartitionStatus status) {
        return new RetentionPlanner.Sized(
                new PartitionEntry(
                        name,
                        "partition-" + id,
                        id,
                        status,
                        endMillis - DAY,
                        OptionalLong.of(endMillis),
                        DocumentTimes.NONE,
                        DocCounts.EMPTY,
                        false),
                bytes);
    }

    static RetentionPlanner.Sized hot(long bytes) {
        return new RetentionPlanner.Sized(PartitionEntry.hot("partition-9", 9, NOW - DAY), bytes);
    }

    static List<String> names(List<RetentionPlanner.Deletion> plan) {
        return plan.stream().map(RetentionPlanner.Deletion::name).toList();
    }

    final List<RetentionPlanner.Sized> partitions = List.of(
            rolled("a", 1, NOW - 30 * DAY, 100, PartitionStatus.COLD),
            rolled("b", 2, NOW - 20 * DAY, 100, PartitionStatus.WARM),
            rolled("c", 3, NOW - 10 * DAY, 100, PartitionStatus.WARM),
            hot(100));

    @Test
    void zeroMeansKeepEverything() {
        assertTrue(RetentionPlanner.plan(new PartitionPolicy(3, 0, 0), partitions, NOW)
                .isEmpty());
    }

    @Test
    void byAgeWarmAndColdAlike() {
        assertEquals(List.of("a", "b"), names(RetentionPlanner.plan(new PartitionPolicy(3, 15, 0), partitions, NOW)));
    }

    @Test
    void bySizeOldestFirstUntilUnderTheLimit() {
        assertEquals(List.of("a", "b"), names(RetentionPlanner.plan(new PartitionPolicy(3, 0, 250), partitions, NOW)));
        assertEquals(List.of("a"), names(RetentionPlanner.plan(new PartitionPolicy(3, 0, 300), partitions, NOW)));
        assertTrue(RetentionPlanner.plan(new PartitionPolicy(3, 0, 400), partitions, NOW)
                .isEmpty());
    }

    @Test
    void ageFirstThenSizeCountsOnlyWhatIsLeft() {
        assertEquals(List.of("a", "b"), names(RetentionPlanner.plan(new PartitionPolicy(3, 25, 250), partitions, NOW)));
        assertEquals(
                List.of("a"),
                names(RetentionPlanner.plan(new PartitionPolicy(3, 25, 300), partitions, NOW)),
                "what age deleted no longer counts towards the size");
    }

    @Test
    void theHotPartitionIsNeverDeletedEvenAloneOverTheLimit() {
        List<RetentionPlanner.Deletion> plan = RetentionPlanner.plan(new PartitionPolicy(3, 0, 50), partitions, NOW);
        assertEquals(List.of("a", "b", "c"), names(plan));
        assertTrue(RetentionPlanner.plan(new PartitionPolicy(3, 1, 1), List.of(hot(1000)), NOW)
                .isEmpty());
    }
}
