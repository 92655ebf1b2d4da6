package io.lampblack.server.intel;

import java.util.Arrays;

/**
 * An open-addressing hash table from fixed-size keys (one or more longs) to the reports that name them, in flat
 * arrays: a million indicators cost tens of megabytes instead of the hundreds a map of boxed keys would, and a lookup
 * allocates nothing. Built once (by {@link IocIndex.Builder}), then only read, so it needs no locking.
 *
 * <p>A key may name several reports; their ordinals are chained through {@link #entryNext}.
 */
final class PackedKeyTable {

    private static final int EMPTY = -1;

    private final int words;
    private long[] keys;
    /** First entry of the slot's key, or {@link #EMPTY}. */
    private int[] slotHead;

    private int[] entryReport = new int[16];
    private int[] entryNext = new int[16];
    private int entries;
    private int distinctKeys;

    /** @param words longs per key (2 for an MD5, 4 for a SHA-256, 1 for an IPv4 address) */
    PackedKeyTable(int words, int expectedKeys) {
        this.words = words;
        int cap = Integer.highestOneBit(Math.max(16, expectedKeys * 2 - 1)) << 1;
        keys = new long[cap * words];
        slotHead = new int[cap];
        Arrays.fill(slotHead, EMPTY);
    }

    /** Records that {@code report} names {@code key} (a report naming a key twice is recorded once). */
    void add(long[] key, int report) {
        if ((distinctKeys + 1) * 2 > slotHead.length) grow();
        int slot = find(key);
        if (slotHead[slot] == EMPTY) {
            System.arraycopy(key, 0, keys, slot * words, words);
            distinctKeys++;
        } else {
            for (int e = slotHead[slot]; e != EMPTY; e = entryNext[e]) if (entryReport[e] == report) return;
        }
        if (entries == entryReport.length) {
            entryReport = Arrays.copyOf(entryReport, entries * 2);
            entryNext = Arrays.copyOf(entryNext, entries * 2);
        }
        entryReport[entries] = report;
        entryNext[entries] = slotHead[slot];
        slotHead[slot] = entries++;
    }

    /** The first entry for {@code key}, or -1; walk on with {@link #next(int)}, read with {@link #report(int)}. */
    int first(long[] key) {
        return slotHead[find(key)];
    }

    int next(int entry) {
        return entryNext[entry];
    }

    int report(int entry) {
        return entryReport[entry];
    }

    int distinctKeys() {
        return distinctKeys;
    }

    /** The slot holding {@code key}, or the empty slot where it would go (linear probing). */
    private int find(long[] key) {
        int mask = slotHead.length - 1;
        int slot = (int) hash(key) & mask;
        while (slotHead[slot] != EMPTY && !equalAt(slot, key)) slot = (slot + 1) & mask;
        return slot;
    }

    private boolean equalAt(int slot, long[] key) {
        int base = slot * words;
        for (int i = 0; i < words; i++) if (keys[base + i] != key[i]) return false;
        return true;
    }

    private long hash(long[] key) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < words; i++) h = mix(h ^ key[i]);
        return h ^ (h >>> 32);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldHead = slotHead;
        keys = new long[oldHead.length * 2 * words];
        slotHead = new int[oldHead.length * 2];
        Arrays.fill(slotHead, EMPTY);
        long[] key = new long[words];
        for (int s = 0; s < oldHead.length; s++) {
            if (oldHead[s] == EMPTY) continue;
            System.arraycopy(oldKeys, s * words, key, 0, words);
            int slot = find(key);
            System.arraycopy(key, 0, keys, slot * words, words);
            slotHead[slot] = oldHead[s];
        }
    }
}
