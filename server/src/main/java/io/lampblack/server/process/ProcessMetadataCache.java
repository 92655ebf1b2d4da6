package io.lampblack.server.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Recently seen process metadata by process GUID, so that later uploads of a long-running process (which carry only
 * events) still produce segments with name, path, command line, parent and user. Least recently used entries go
 * first; misses fall back to the index through {@link MetadataLookup}.
 */
public final class ProcessMetadataCache {

    private final Map<String, ProcessMetadata> map;

    public ProcessMetadataCache(int capacity) {
        this.map = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ProcessMetadata> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized Optional<ProcessMetadata> get(String guid) {
        return Optional.ofNullable(map.get(guid));
    }

    /** Keeps the richer of the known and the new metadata: a seen start beats partial metadata. */
    public synchronized void put(String guid, ProcessMetadata meta) {
        ProcessMetadata old = map.get(guid);
        if (old == null || meta.startSeen() || !old.startSeen()) map.put(guid, meta);
    }

    public synchronized int size() {
        return map.size();
    }
}
