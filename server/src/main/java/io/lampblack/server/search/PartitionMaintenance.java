package io.lampblack.server.search;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic partition check: rolls the hot partition when the server clock says it is due, then applies
 * retention. The roll goes through a {@link PartitionRoller} (the ingest pipeline), which holds indexing still around it.
 * Only the schedule uses wall-clock intervals; every decision reads the server's clock.
 */
public final class PartitionMaintenance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionMaintenance.class);

    private final StoragePartitions partitions;
    private final PartitionRoller roller;
    private final ScheduledExecutorService schedule;

    public PartitionMaintenance(StoragePartitions partitions, PartitionRoller roller) {
        this.partitions = partitions;
        this.roller = roller;
        this.schedule = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("partition-maintenance").daemon(true).factory());
    }

    /** Runs {@link #check} every {@code seconds}. */
    public PartitionMaintenance start(int seconds) {
        schedule.scheduleWithFixedDelay(this::checkQuietly, seconds, seconds, TimeUnit.SECONDS);
        return this;
    }

    /** One check: roll if due, then retention. Returns the partitions retention deleted. */
    public List<String> check() {
        if (partitions.rollDue()) roller.roll(false);
        return partitions.applyRetention();
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.error("partition check failed (retried at the next check)", e);
        }
    }

    @Override
    public void close() {
        // No interrupt: a roll under way must finish (Lucene's file channels do not survive interrupts).
        schedule.shutdown();
        try {
            schedule.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
