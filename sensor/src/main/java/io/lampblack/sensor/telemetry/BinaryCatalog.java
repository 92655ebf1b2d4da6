package io.lampblack.sensor.telemetry;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.sensor.telemetry.FileHasher.FileHash;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The binaries the telemetry has described to the server: each new MD5 gets one module-info event, and its file is
 * remembered so that the sensor can upload it when the server asks ({@link Telemetry#fileFor}). Bounded: the oldest
 * are forgotten (a forgotten binary seen again is described again, which the server takes as a repeat).
 */
final class BinaryCatalog {

    private static final int MAX = 16_384;

    private final Map<String, FileHash> byMd5 = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FileHash> e) {
            return size() > MAX;
        }
    };

    /** The module-info event for a binary not described before, else nothing. */
    synchronized List<CbEventMsg> describe(Optional<FileHash> hash, long timestamp) {
        if (hash.isEmpty() || byMd5.containsKey(hash.get().md5Hex())) {
            return List.of();
        }
        FileHash h = hash.get();
        byMd5.put(h.md5Hex(), h);
        return List.of(CbEvents.moduleInfo(h, timestamp));
    }

    /** Where the binary with this MD5 lies, while the file there is still the one that was hashed. */
    Optional<Path> fileFor(String md5) {
        FileHash h;
        synchronized (this) {
            h = byMd5.get(md5.toLowerCase(Locale.ROOT));
        }
        if (h == null) {
            return Optional.empty();
        }
        return FileHasher.keyOf(h.path()).filter(h.key()::equals).map(k -> h.path());
    }
}
