package io.lampblack.server.intel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each watchlist's part of the last periodic run took (Carbon Black's {@code last_execution_time_ms}, which
 * tools written against EDR 6.3 read on every watchlist). Kept in memory: after a restart a watchlist reports 0 until
 * its next run, as one that never ran does.
 */
public final class WatchlistTimings {

    private final Map<Long, Long> millis = new ConcurrentHashMap<>();

    void ran(long watchlistId, long elapsedNanos) {
        millis.put(watchlistId, elapsedNanos / 1_000_000);
    }

    /** Milliseconds the watchlist's last run took; 0 when it has not run since the server started. */
    public long lastExecutionMillis(long watchlistId) {
        return millis.getOrDefault(watchlistId, 0L);
    }
}
