package io.lampblack.server.ingress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Ingress filters in memory, for tests of the domain without a database. */
final class MemoryFilterStore implements IngressFilterStore {

    private final Map<String, IngressFilter> filters = new LinkedHashMap<>();
    /** The next {@link #addHits} fails as a database would. */
    boolean failNextAddHits;

    @Override
    public synchronized List<IngressFilter> all() {
        return new ArrayList<>(filters.values());
    }

    @Override
    public synchronized Optional<IngressFilter> find(String id) {
        return Optional.ofNullable(filters.get(id));
    }

    @Override
    public synchronized boolean create(IngressFilter filter) {
        return filters.putIfAbsent(filter.id(), filter) == null;
    }

    @Override
    public synchronized boolean update(IngressFilter filter) {
        IngressFilter old = filters.get(filter.id());
        if (old == null) return false;
        filters.put(filter.id(), filter.withHits(old.hitCount()));
        return true;
    }

    @Override
    public synchronized boolean delete(String id) {
        return filters.remove(id) != null;
    }

    @Override
    public synchronized void addHits(Map<String, Long> hits) {
        if (failNextAddHits) {
            failNextAddHits = false;
            throw new IllegalStateException("database down");
        }
        hits.forEach((id, n) -> {
            IngressFilter f = filters.get(id);
            if (f != null) filters.put(id, f.withHits(f.hitCount() + n));
        });
    }
}
