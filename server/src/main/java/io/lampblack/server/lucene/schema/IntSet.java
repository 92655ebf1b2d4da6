package io.lampblack.server.lucene.schema;

import java.util.Arrays;

/** The distinct ints of one field of the document being written; O(1) clear, no boxing. */
final class IntSet {

    private int[] values = new int[16];
    private int[] table = new int[32];
    private int[] tableGeneration = new int[32];
    private int generation = 1;
    private int size;

    void clear() {
        size = 0;
        if (++generation == Integer.MAX_VALUE) {
            Arrays.fill(tableGeneration, 0);
            generation = 1;
        }
    }

    boolean add(int value) {
        int mask = table.length - 1;
        int slot = mix(value) & mask;
        while (tableGeneration[slot] == generation) {
            if (values[table[slot]] == value) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size] = value;
        table[slot] = size;
        tableGeneration[slot] = generation;
        size++;
        if (size * 2 > table.length) {
            rehash();
        }
        return true;
    }

    int size() {
        return size;
    }

    private void rehash() {
        int capacity = table.length * 2;
        table = new int[capacity];
        tableGeneration = new int[capacity];
        generation = 1;
        int mask = capacity - 1;
        for (int i = 0; i < size; i++) {
            int slot = mix(values[i]) & mask;
            while (tableGeneration[slot] == generation) {
                slot = (slot + 1) & mask;
            }
            table[slot] = i;
            tableGeneration[slot] = generation;
        }
    }

    private static int mix(int value) {
        int h = value * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
