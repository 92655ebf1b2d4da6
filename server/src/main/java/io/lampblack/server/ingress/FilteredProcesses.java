package io.lampblack.server.ingress;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes a filter picked, per sensor, with how many generations of their children are still to be filtered,
 * so that a picked process's events in later uploads (which carry no path or command line) and its children are
 * dropped too. Kept in memory for the server's lifetime, at most {@code perSensor} processes per sensor (the oldest
 * forgotten first); a forgotten or pre-restart process's later events are kept.
 */
final class FilteredProcesses {

    private record Key(int pid, long createTime) {}

    /** One sensor's picked processes; used under its own lock, one upload at a time. */
    static final class OfSensor {
        /** Per process, the filters that picked it and the generations of children each still filters. */
        private final Map<Key, Map<String, Integer>> picked;

        private OfSensor(int max) {
            this.picked = new LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, Map<String, Integer>> eldest) {
                    return size() > max;
                }
            };
        }

        /** The filters that picked this process (with their levels), or null when none did: one lookup per event. */
        Map<String, Integer> picks(int pid, long createTime) {
            return picked.isEmpty() ? null : picked.get(new Key(pid, createTime));
        }

        void pick(String filterId, int pid, long createTime, int level) {
            picked.computeIfAbsent(new Key(pid, createTime), k -> new HashMap<>(4))
                    .put(filterId, level);
        }
    }

    private final int perSensor;
    private final Map<Integer, OfSensor> sensors = new ConcurrentHashMap<>();

    FilteredProcesses(int perSensor) {
        this.perSensor = perSensor;
    }

    OfSensor of(int sensorId) {
        return sensors.computeIfAbsent(sensorId, id -> new OfSensor(perSensor));
    }

    /** Forgets what a deleted or changed filter picked. */
    void forget(String filterId) {
        for (OfSensor s : sensors.values()) {
            synchronized (s) {
                s.picked.values().forEach(byFilter -> byFilter.remove(filterId));
                s.picked.values().removeIf(Map::isEmpty);
            }
        }
    }
}
