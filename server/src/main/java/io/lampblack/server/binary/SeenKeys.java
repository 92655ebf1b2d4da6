package io.lampblack.server.binary;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size, lossy memory of 64-bit observation keys, so that re-observing a known binary at a known place costs
 * one hash and one probe and no allocation. Ingest re-observes known binaries far more often than it finds new
 * ones (every process loads the same DLLs).
 *
 * <p>It may forget (a key pushed out of its bucket, or a restart), never invent: a forgotten key is simply
 * recorded again, which the catalog's idempotent merge absorbs. Two different observations share a key only if
 * their 64-bit hashes collide (negligible odds), in which case the second would be skipped until it falls out of
 * the cache and its hour bucket changes. Buckets of four slots; thread-safe without locks (a racing insert may
 * lose one of two keys, which only costs a repeat).
 */
final class SeenKeys {

    private static final int WAYS = 4;

    private final AtomicLongArray slots;
    private final int bucketMask;

    /** @param capacity number of keys remembered at most, rounded up to a power of two (8 bytes each) */
    SeenKeys(int capacity) {
        int size = Integer.highestOneBit(Math.max(WAYS, capacity - 1)) << 1;
        this.slots = new AtomicLongArray(size);
        this.bucketMask = size / WAYS - 1;
    }

    /** Remembers {@code key}; true if it was already remembered. */
    boolean seen(long key) {
        long k = key == 0 ? 1 : key; // 0 marks an empty slot
        int base = ((int) (k >>> 32) & bucketMask) * WAYS;
        for (int i = 0; i < WAYS; i++) {
            long v = slots.getOpaque(base + i);
            if (v == k) {
                return true;
            }
            if (v == 0) {
                slots.setOpaque(base + i, k);
                return false;
            }
        }
        // A full bucket: replace one of its keys, chosen by the key's low bits so that hot keys spread out.
        slots.setOpaque(base + (int) (k & (WAYS - 1)), k);
        return false;
    }

    int capacity() {
        return slots.length();
    }

    /** SplitMix64's finaliser: every input bit affects every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
