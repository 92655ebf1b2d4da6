package io.lampblack.server.sensor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Writes what changed since the last batch. When the batch fails, each row is tried alone: a row that fails
     * while others succeed is logged and skipped (one sensor must not keep all check-ins from being written; its next
     * check-in marks it again); when every row fails (the database is away), all are tried again with the next batch.
     */
    synchronized void flush() {
        if (dirty.isEmpty()) return;
        List<Integer> ids = new ArrayList<>(dirty);
        ids.forEach(dirty::remove);
        List<Sensor> batch = new ArrayList<>(ids.size());
        for (int id : ids) registry.sensor(id).ifPresent(batch::add);
        try {
            store.saveCheckins(batch);
            return;
        } catch (RuntimeException e) {
            if (batch.size() <= 1) {
                dirty.addAll(ids);
                throw e;
            }
            LOG.warn("writing {} sensor check-ins failed, trying them one by one: {}", batch.size(), e.toString());
        }
        Map<Integer, RuntimeException> failed = new LinkedHashMap<>();
        for (Sensor s : batch) {
            try {
                store.saveCheckins(List.of(s));
            } catch (RuntimeException e) {
                failed.put(s.id(), e);
            }
        }
        if (failed.size() == batch.size()) {
            dirty.addAll(ids);
            throw failed.values().iterator().next();
        }
        failed.forEach(
                (id, e) -> LOG.warn("check-in of sensor {} could not be written, skipped: {}", id, e.toString()));
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
