package io.lampblack.server.ingress;

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

    private record Key(String filterId, int pid, long createTime) {}

    /** One sensor's picked processes; used under its own lock, one upload at a time. */
    static final class OfSensor {
        private final Map<Key, Integer> picked;

        private OfSensor(int max) {
            this.picked = new LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, Integer> eldest) {
                    return size() > max;
                }
            };
        }

        /** Generations of children still filtered below this process, or null when the filter did not pick it. */
        Integer level(String filterId, int pid, long createTime) {
            return picked.get(new Key(filterId, pid, createTime));
        }

        void pick(String filterId, int pid, long createTime, int level) {
            picked.put(new Key(filterId, pid, createTime), level);
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
                s.picked.keySet().removeIf(k -> k.filterId.equals(filterId));
            }
        }
    }
}
