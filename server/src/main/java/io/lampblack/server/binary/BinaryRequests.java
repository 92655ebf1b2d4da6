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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which binaries the server asks each sensor for (sensor-protocol.md §3, "Binary requests"): those the sensor
 * described in module-info events while the binary store has no file for them. A sensor is asked at its check-ins,
 * a few MD5s at a time; an MD5 it did not send is asked again after {@code retryAfter}, at most {@code maxAsks}
 * times (the sensor may no longer have the file); once the store has the file it is never asked for again. A
 * binary some sensor described and the store still lacks is also asked of every other sensor that reports it (a
 * sighting: loaded, run, described again), so that one sensor unable to send it does not leave it missing. A request
 * not answered within {@code expireAfter} of its description is forgotten (the sensor is gone or never checks in).
 *
 * <p>Bounded: at most {@code perSensor} MD5s wait per sensor and {@code total} in all (further ones are not
 * remembered, and counted: the catalog hears of a binary again when the sensor reports it again). Kept in memory only: after a server restart,
 * binaries are asked for when sensors describe them again.
 */
public final class BinaryRequests {

    /**
     * How many requests wait, per sensor and in all (about 150 bytes of heap each: the total bounds the memory when
     * many sensors describe binaries they are never asked for, e.g. simulated ones that do not check in), and how
     * they are handed out.
     */
    public record Limits(
            int perSensor, int total, int perCheckin, Duration retryAfter, int maxAsks, Duration expireAfter) {
        public static final Limits DEFAULT =
                new Limits(256, 100_000, 16, Duration.ofMinutes(10), 3, Duration.ofDays(1));
    }

    /** How often requests past {@code expireAfter} are looked for across all sensors (those never checking in). */
    private static final long SWEEP_EVERY_MILLIS = 60_000;

    private static final class Wanted {
        final long describedMillis;
        int asks;
        long lastAskedMillis;

        Wanted(long describedMillis) {
            this.describedMillis = describedMillis;
        }
    }

    private final BinaryStore store;
    private final Limits limits;
    private final Clock clock;
    private final ConcurrentHashMap<Integer, LinkedHashMap<String, Wanted>> bySensor = new ConcurrentHashMap<>();
    private final AtomicLong notRemembered = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    /**
     * MD5s described by some sensor and not known to be stored, with when: the cheap check that lets sightings of
     * every other binary pass without touching the store.
     */
    private final ConcurrentHashMap<String, Long> wantedSomewhere = new ConcurrentHashMap<>();

    private final AtomicLong lastSweepMillis = new AtomicLong();

    public BinaryRequests(BinaryStore store, Limits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
    }

    /** A sensor described this binary (upper-case MD5) in a module-info event: ask for it unless it is stored. */
    void described(int sensorId, String md5) {
        ask(sensorId, md5.toUpperCase(Locale.ROOT));
    }

    /**
     * A sensor reported this binary (loaded, run, described again): if a sensor described it and the store still
     * lacks it, this one is asked too. Costs one in-memory look-up for binaries nobody is asked for.
     */
    void sighted(int sensorId, String md5) {
        String upper = md5.toUpperCase(Locale.ROOT);
        if (wantedSomewhere.containsKey(upper)) ask(sensorId, upper);
    }

    private void ask(int sensorId, String upper) {
        long now = clock.millis();
        sweepNowAndThen(now);
        LinkedHashMap<String, Wanted> mine = bySensor.get(sensorId);
        if (mine != null) {
            synchronized (mine) {
                if (mine.containsKey(upper)) return; // asked already: no look at the store
            }
        }
        if (store.contains(upper)) {
            wantedSomewhere.remove(upper);
            return;
        }
        while (true) {
            LinkedHashMap<String, Wanted> wanted = bySensor.computeIfAbsent(sensorId, k -> new LinkedHashMap<>());
            synchronized (wanted) {
                // forCheckin removes a sensor's emptied map: then take the one that replaced it.
                if (bySensor.get(sensorId) != wanted) continue;
                if (wanted.containsKey(upper)) return;
                if (wanted.size() >= limits.perSensor() || waiting.get() >= limits.total()) {
                    notRemembered.incrementAndGet();
                    return;
                }
                wanted.put(upper, new Wanted(now));
                wantedSomewhere.putIfAbsent(upper, now);
                waiting.incrementAndGet();
                return;
            }
        }
    }

    private boolean expired(long describedMillis, long now) {
        return now - describedMillis >= limits.expireAfter().toMillis();
    }

    /** Forgets expired requests of all sensors, at most once a minute (sensors that never check in keep none). */
    private void sweepNowAndThen(long now) {
        long last = lastSweepMillis.get();
        if (now - last < SWEEP_EVERY_MILLIS || !lastSweepMillis.compareAndSet(last, now)) return;
        wantedSomewhere.values().removeIf(since -> expired(since, now));
        for (var entry : bySensor.entrySet()) {
            LinkedHashMap<String, Wanted> wanted = entry.getValue();
            synchronized (wanted) {
                for (Iterator<Wanted> it = wanted.values().iterator(); it.hasNext(); ) {
                    if (expired(it.next().describedMillis, now)) {
                        it.remove();
                        waiting.decrementAndGet();
                    }
                }
                if (wanted.isEmpty()) bySensor.remove(entry.getKey(), wanted);
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
                if (expired(w.describedMillis, now) || w.asks >= limits.maxAsks()) {
                    it.remove();
                    waiting.decrementAndGet();
                    continue;
                }
                // The retry window first: it costs nothing, the store's look-up a file-system call.
                if (w.asks > 0 && now - w.lastAskedMillis < limits.retryAfter().toMillis()) continue;
                if (ask.size() >= limits.perCheckin()) break;
                if (store.contains(e.getKey())) {
                    it.remove();
                    waiting.decrementAndGet();
                    wantedSomewhere.remove(e.getKey());
                    continue;
                }
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
        return waiting.get();
    }

    /** Binaries not remembered because a sensor had {@code perSensor} waiting already. */
    public long notRemembered() {
        return notRemembered.get();
    }
}
