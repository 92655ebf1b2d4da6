package io.lampblack.server.ingress;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes a filter picked, with how many generations of their children are still to be filtered, so that a
 * picked process's events in later uploads (which carry no path or command line) and its children are dropped too.
 * Kept in memory for the server's lifetime: an entry is dropped when its process's end event arrives, and at most
 * {@code max} processes are kept across all sensors, the least recently matched forgotten first (every event of a
 * picked process touches its entry); a forgotten or pre-restart process's later events are kept.
 */
final class FilteredProcesses {

    /** A process of one sensor (about 32 bytes); the value is an immutable map, of one entry nearly always. */
    private record Key(int sensorId, int pid, long createTime) {}

    /**
     * One sensor's view of the picked processes; the gate holds its lock for a whole upload, so one sensor's uploads
     * are filtered one at a time, while the shared memory is locked per lookup.
     */
    final class OfSensor {
        private final int sensorId;

        private OfSensor(int sensorId) {
            this.sensorId = sensorId;
        }

        /** The filters that picked this process (with their levels), or null when none did: one lookup per event. */
        Map<String, Integer> picks(int pid, long createTime) {
            synchronized (picked) {
                return picked.isEmpty() ? null : picked.get(new Key(sensorId, pid, createTime));
            }
        }

        void pick(String filterId, int pid, long createTime, int level) {
            Key k = new Key(sensorId, pid, createTime);
            synchronized (picked) {
                Map<String, Integer> old = picked.get(k);
                if (old == null) {
                    picked.put(k, Map.of(filterId, level));
                } else {
                    Map<String, Integer> more = new HashMap<>(old);
                    more.put(filterId, level);
                    picked.put(k, Map.copyOf(more));
                }
            }
        }

        /** The process ended: nothing more of it will come. */
        void ended(int pid, long createTime) {
            synchronized (picked) {
                picked.remove(new Key(sensorId, pid, createTime));
            }
        }
    }

    /** Least recently used first. */
    private final LinkedHashMap<Key, Map<String, Integer>> picked;

    private final Map<Integer, OfSensor> sensors = new ConcurrentHashMap<>();

    FilteredProcesses(int max) {
        this.picked = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Map<String, Integer>> eldest) {
                return size() > max;
            }
        };
    }

    OfSensor of(int sensorId) {
        return sensors.computeIfAbsent(sensorId, OfSensor::new);
    }

    /** Processes remembered now, across sensors. */
    int size() {
        synchronized (picked) {
            return picked.size();
        }
    }

    /** Forgets what a deleted or changed filter picked. */
    void forget(String filterId) {
        synchronized (picked) {
            picked.replaceAll((k, byFilter) -> {
                if (!byFilter.containsKey(filterId)) return byFilter;
                Map<String, Integer> rest = new HashMap<>(byFilter);
                rest.remove(filterId);
                return Map.copyOf(rest);
            });
            picked.values().removeIf(Map::isEmpty);
        }
    }
}
