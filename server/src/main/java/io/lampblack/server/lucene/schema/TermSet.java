package io.lampblack.server.lucene.schema;

import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.KeywordNormalizer;
import java.util.Arrays;

/**
 * The distinct terms of one multi-valued field of the document being written. Terms live in one
 * growing character arena and are found through an open-addressing table keyed by
 * {@link String#hashCode()}-compatible hashes, so adding a term allocates nothing once the
 * buffers have grown to the working size. Clearing is O(1): table slots carry the generation
 * that filled them.
 */
final class TermSet implements TokenSource {

    /**
     * Lucene rejects a whole document with a term over 32766 UTF-8 bytes; three bytes per char is
     * the worst case, so longer terms are skipped rather than losing the segment.
     */
    static final int MAX_TERM_CHARS = 8000;

    private final int maxTermChars;
    private char[] chars = new char[256];
    private int charCount;
    private int[] starts = new int[16];
    private int[] lengths = new int[16];
    private int[] hashes = new int[16];
    private int size;
    private int[] table = new int[32];
    private int[] tableGeneration = new int[32];
    private int generation = 1;

    /** A set of index terms, which Lucene limits in length. */
    TermSet() {
        this(MAX_TERM_CHARS);
    }

    /** A set of whole values of any length, used only to drop repeated values before tokenizing. */
    static TermSet unbounded() {
        return new TermSet(Integer.MAX_VALUE);
    }

    private TermSet(int maxTermChars) {
        this.maxTermChars = maxTermChars;
    }

    void clear() {
        size = 0;
        charCount = 0;
        if (++generation == Integer.MAX_VALUE) {
            Arrays.fill(tableGeneration, 0);
            generation = 1;
        }
    }

    /** Adds {@code buffer[offset, offset+length)} whose hash is {@code hash}; true if it was new. */
    boolean add(char[] buffer, int offset, int length, int hash) {
        if (length == 0 || length > maxTermChars) {
            return false;
        }
        int slot = findSlot(buffer, offset, length, hash);
        if (slot < 0) {
            return false;
        }
        ensureChars(length);
        System.arraycopy(buffer, offset, chars, charCount, length);
        insert(slot, length, hash);
        return true;
    }

    /** Adds a slice, computing its hash. */
    boolean add(char[] buffer, int offset, int length) {
        return add(buffer, offset, length, hash(buffer, offset, length));
    }

    /** Normalises {@code value} as a whole-value term of {@code kind} straight into the arena; true if new. */
    boolean addNormalized(FieldKind kind, CharSequence value) {
        ensureChars(value.length());
        int length = KeywordNormalizer.normalizeInto(kind, value, chars, charCount);
        if (length == 0 || length > maxTermChars) {
            return false;
        }
        int hash = hash(chars, charCount, length);
        int slot = findSlot(chars, charCount, length, hash);
        if (slot < 0) {
            return false;
        }
        insert(slot, length, hash);
        return true;
    }

    static int hash(char[] buffer, int offset, int length) {
        int h = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + buffer[i];
        }
        return h;
    }

    /** The free table slot for a new term, or -1 when the term is already present. */
    private int findSlot(char[] buffer, int offset, int length, int hash) {
        int mask = table.length - 1;
        int slot = mix(hash) & mask;
        while (tableGeneration[slot] == generation) {
            int term = table[slot];
            if (hashes[term] == hash
                    && lengths[term] == length
                    && Arrays.equals(chars, starts[term], starts[term] + length, buffer, offset, offset + length)) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Records the term whose characters already sit at the arena's end. */
    private void insert(int slot, int length, int hash) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            lengths = Arrays.copyOf(lengths, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        starts[size] = charCount;
        lengths[size] = length;
        hashes[size] = hash;
        table[slot] = size;
        tableGeneration[slot] = generation;
        size++;
        charCount += length;
        if (size * 2 > table.length) {
            rehash();
        }
    }

    private void rehash() {
        int capacity = table.length * 2;
        table = new int[capacity];
        tableGeneration = new int[capacity];
        generation = 1;
        int mask = capacity - 1;
        for (int term = 0; term < size; term++) {
            int slot = mix(hashes[term]) & mask;
            while (tableGeneration[slot] == generation) {
                slot = (slot + 1) & mask;
            }
            table[slot] = term;
            tableGeneration[slot] = generation;
        }
    }

    private void ensureChars(int extra) {
        if (charCount + extra > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, charCount + extra));
        }
    }

    /** Spreads String-style hashes, whose low bits are weak for similar paths. */
    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public char[] chars() {
        return chars;
    }

    @Override
    public int start(int index) {
        return starts[index];
    }

    @Override
    public int length(int index) {
        return lengths[index];
    }

    @Override
    public int positionIncrement(int index) {
        return 1;
    }

    /** The term at {@code index}, for tests and diagnostics. */
    String term(int index) {
        return new String(chars, starts[index], lengths[index]);
    }
}
