package io.lampblack.server.binary;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which binaries the server asks each sensor for (sensor-protocol.md §3, "Binary requests"): those the sensor
 * described in module-info events while the binary store has no file for them. A sensor is asked at its check-ins,
 * a few MD5s at a time; an MD5 it did not send is asked again after {@code retryAfter}, at most {@code maxAsks}
 * times (the sensor may no longer have the file); once the store has the file it is never asked for again.
 *
 * <p>Bounded: at most {@code perSensor} MD5s wait per sensor (further ones are not remembered and counted: the
 * catalog hears of a binary again when the sensor reports it again). Kept in memory only: after a server restart,
 * binaries are asked for when sensors describe them again.
 */
public final class BinaryRequests {

    /** How many requests wait per sensor, and how they are handed out. */
    public record Limits(int perSensor, int perCheckin, Duration retryAfter, int maxAsks) {
        public static final Limits DEFAULT = new Limits(256, 16, Duration.ofMinutes(10), 3);
    }

    private static final class Wanted {
        int asks;
        long lastAskedMillis;
    }

    private final BinaryStore store;
    private final Limits limits;
    private final Clock clock;
    private final ConcurrentHashMap<Integer, LinkedHashMap<String, Wanted>> bySensor = new ConcurrentHashMap<>();
    private final AtomicLong notRemembered = new AtomicLong();

    public BinaryRequests(BinaryStore store, Limits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
    }

    /** A sensor described this binary (upper-case MD5) in a module-info event: ask for it unless it is stored. */
    void described(int sensorId, String md5) {
        String upper = md5.toUpperCase(Locale.ROOT);
        if (store.contains(upper)) return;
        while (true) {
            LinkedHashMap<String, Wanted> wanted = bySensor.computeIfAbsent(sensorId, k -> new LinkedHashMap<>());
            synchronized (wanted) {
                // forCheckin removes a sensor's emptied map: then take the one that replaced it.
                if (bySensor.get(sensorId) != wanted) continue;
                if (wanted.containsKey(upper)) return;
                if (wanted.size() >= limits.perSensor()) {
                    notRemembered.incrementAndGet();
                    return;
                }
                wanted.put(upper, new Wanted());
                return;
            }
        }
    }

    /**
     * The MD5s (lower-case, as the sensor protocol sends them) to ask this sensor for in its check-in answer now;
     * each is then counted as asked.
     */
    public List<String> forCheckin(int sensorId) {
        LinkedHashMap<String, Wanted> wanted = bySensor.get(sensorId);
        if (wanted == null) return List.of();
        long now = clock.millis();
        List<String> ask = new ArrayList<>();
        synchronized (wanted) {
            for (Iterator<Map.Entry<String, Wanted>> it = wanted.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Wanted> e = it.next();
                Wanted w = e.getValue();
                if (store.contains(e.getKey())) {
                    it.remove();
                    continue;
                }
                if (w.asks > 0 && now - w.lastAskedMillis < limits.retryAfter().toMillis()) continue;
                if (w.asks >= limits.maxAsks()) {
                    it.remove();
                    continue;
                }
                if (ask.size() >= limits.perCheckin()) break;
                w.asks++;
                w.lastAskedMillis = now;
                ask.add(e.getKey().toLowerCase(Locale.ROOT));
            }
            if (wanted.isEmpty()) bySensor.remove(sensorId, wanted);
        }
        return ask;
    }

    /** MD5s waiting to be asked for or asked again, across sensors. */
    public int waiting() {
        int n = 0;
        for (var w : bySensor.values()) {
            synchronized (w) {
                n += w.size();
            }
        }
        return n;
    }

    /** Binaries not remembered because a sensor had {@code perSensor} waiting already. */
    public long notRemembered() {
        return notRemembered.get();
    }
}
