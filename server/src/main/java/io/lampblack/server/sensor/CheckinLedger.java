package io.lampblack.server.sensor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Check-in state (last check-in, reported facts) lives in memory and reaches the database in batches: 20,000 sensors
 * checking in every 30 s would otherwise cost a write per check-in. What the last batch had not written when the
 * server dies is a few seconds of check-in times and facts, which the sensors report again at their next check-in.
 */
final class CheckinLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckinLedger.class);

    private final SensorRegistry registry;
    private final SensorStore store;
    private final Set<Integer> dirty = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService writer;

    CheckinLedger(SensorRegistry registry, SensorStore store, Duration every) {
        this.registry = registry;
        this.store = store;
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sensor-checkin-writer");
            t.setDaemon(true);
            return t;
        });
        long ms = every.toMillis();
        writer.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    void touched(int sensorId) {
        dirty.add(sensorId);
    }

    /** Writes what changed since the last batch; what fails to be written is tried again with the next one. */
    synchronized void flush() {
        if (dirty.isEmpty()) return;
        List<Integer> ids = new ArrayList<>(dirty);
        ids.forEach(dirty::remove);
        List<Sensor> batch = new ArrayList<>(ids.size());
        for (int id : ids) registry.sensor(id).ifPresent(batch::add);
        try {
            store.saveCheckins(batch);
        } catch (RuntimeException e) {
            dirty.addAll(ids);
            throw e;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("writing sensor check-ins failed (kept for the next batch): {}", e.toString());
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
