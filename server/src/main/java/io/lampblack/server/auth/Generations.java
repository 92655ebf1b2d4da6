package io.lampblack.server.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A cache of values read from the user and team tables, dropped whole on any change to them. A value read before a
 * change but stored after it carries the older generation and is never served, so no request after a change (a
 * demotion, a revoked token) is answered from what was true before it.
 */
final class Generations<K, V> {

    private record Cached<V>(long generation, V value) {}

    private final AtomicLong generation = new AtomicLong();
    private final Map<K, Cached<V>> cache = new ConcurrentHashMap<>();
    private final int maxEntries;

    Generations(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    Optional<V> get(K key, Function<K, Optional<V>> load) {
        long gen = generation.get();
        Cached<V> c = cache.get(key);
        if (c != null && c.generation() == gen) return Optional.of(c.value());
        Optional<V> v = load.apply(key);
        if (v.isPresent()) {
            if (cache.size() >= maxEntries) cache.clear(); // many distinct keys (guessed tokens are not cached)
            cache.put(key, new Cached<>(gen, v.get()));
        }
        return v;
    }

    void invalidateAll() {
        generation.incrementAndGet();
        cache.clear();
    }
}
