package io.lampblack.server.lucene.process;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * A set of process keys ({@link ProcessKeys}): open addressing over a long array, not thread-safe. Comprehensive
 * search builds one per query clause, so it must be cheap to fill with hundreds of thousands of keys.
 */
public final class ProcessKeySet {

    /** Marks a free slot; the key 0 is stored in {@link #hasZero} instead. */
    private static final long FREE = 0L;

    private long[] table;
    private int size;
    private boolean hasZero;

    public ProcessKeySet() {
        this(16);
    }

    public ProcessKeySet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        table = new long[cap];
    }

    public boolean add(long key) {
        if (key == FREE) {
            if (hasZero) return false;
            hasZero = true;
            return true;
        }
        if ((size + 1) * 2 > table.length) grow();
        int mask = table.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = table[i];
            if (k == FREE) {
                table[i] = key;
                size++;
                return true;
            }
            if (k == key) return false;
        }
    }

    public boolean contains(long key) {
        if (key == FREE) return hasZero;
        int mask = table.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = table[i];
            if (k == FREE) return false;
            if (k == key) return true;
        }
    }

    public int size() {
        return size + (hasZero ? 1 : 0);
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    public void addAll(ProcessKeySet other) {
        if (other.hasZero) add(FREE);
        for (long k : other.table) if (k != FREE) add(k);
    }

    /** The keys of this set that satisfy {@code keep}, as a new set. */
    public ProcessKeySet filter(LongPredicate keep) {
        ProcessKeySet out = new ProcessKeySet(Math.max(16, size() / 2));
        if (hasZero && keep.test(FREE)) out.add(FREE);
        for (long k : table) if (k != FREE && keep.test(k)) out.add(k);
        return out;
    }

    /** The keys, sorted. */
    public long[] toSortedArray() {
        long[] out = new long[size()];
        int n = 0;
        if (hasZero) out[n++] = FREE;
        for (long k : table) if (k != FREE) out[n++] = k;
        Arrays.sort(out);
        return out;
    }

    private static int slot(long key, int mask) {
        // Keys are already hashes; fold the high bits in so that any table size spreads them.
        return (int) (key ^ (key >>> 32)) & mask;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        size = 0;
        for (long k : old) if (k != FREE) add(k);
    }
}
