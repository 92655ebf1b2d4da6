package io.lampblack.server.intel;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reports an analyst ignored (threat report API, or ignoring a feed alert): their indicators still match, but
 * produce no hits, tags or alerts. Read on every hit, so kept in memory, written through to the {@link FeedStore}.
 */
public final class IgnoredReports {

    private final FeedStore store;
    private volatile Set<String> keys;

    public IgnoredReports(FeedStore store) {
        this.store = store;
        this.keys = Set.copyOf(store.ignoredReports());
    }

    public boolean ignored(long feedId, String reportId) {
        Set<String> k = keys;
        return !k.isEmpty() && k.contains(FeedStore.reportKey(feedId, reportId));
    }

    public void set(long feedId, String reportId, boolean ignored) {
        set(List.of(Map.entry(feedId, reportId)), ignored);
    }

    /** Ignores or heeds many reports (feed id, report id) at once. */
    public synchronized void set(List<Map.Entry<Long, String>> reports, boolean ignored) {
        Set<String> next = new HashSet<>(keys);
        for (Map.Entry<Long, String> r : reports) {
            store.setIgnored(r.getKey(), r.getValue(), ignored);
            if (ignored) next.add(FeedStore.reportKey(r.getKey(), r.getValue()));
            else next.remove(FeedStore.reportKey(r.getKey(), r.getValue()));
        }
        keys = Set.copyOf(next);
    }

    /** Forgets a deleted feed's decisions (the store drops them with the feed). */
    public synchronized void forget(long feedId) {
        String prefix = feedId + ":";
        Set<String> next = new HashSet<>(keys);
        next.removeIf(k -> k.startsWith(prefix));
        keys = Set.copyOf(next);
    }
}
