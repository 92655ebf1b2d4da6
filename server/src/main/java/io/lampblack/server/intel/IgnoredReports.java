package io.lampblack.server.intel;

import java.util.HashSet;
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

    public synchronized void set(long feedId, String reportId, boolean ignored) {
        store.setIgnored(feedId, reportId, ignored);
        Set<String> next = new HashSet<>(keys);
        if (ignored) next.add(FeedStore.reportKey(feedId, reportId));
        else next.remove(FeedStore.reportKey(feedId, reportId));
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
