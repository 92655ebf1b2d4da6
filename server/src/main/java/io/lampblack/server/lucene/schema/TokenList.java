package io.lampblack.server.lucene.schema;

import io.lampblack.server.search.schema.TokenSink;
import java.util.Arrays;

/** Positional tokens of one field of the document being written, in order, in one arena. */
final class TokenList implements TokenSource, TokenSink {

    private char[] chars = new char[256];
    private int charCount;
    private int[] starts = new int[32];
    private int[] lengths = new int[32];
    private int[] increments = new int[32];
    private int size;
    private int carriedIncrement;

    void clear() {
        size = 0;
        charCount = 0;
        carriedIncrement = 0;
    }

    @Override
    public void token(char[] buffer, int offset, int length, int positionIncrement) {
        if (length > TermSet.MAX_TERM_CHARS) {
            // Dropped, but its position is kept so that phrases cannot bridge the gap.
            carriedIncrement += positionIncrement;
            return;
        }
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            lengths = Arrays.copyOf(lengths, size * 2);
            increments = Arrays.copyOf(increments, size * 2);
        }
        if (charCount + length > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, charCount + length));
        }
        System.arraycopy(buffer, offset, chars, charCount, length);
        starts[size] = charCount;
        lengths[size] = length;
        increments[size] = positionIncrement + carriedIncrement;
        carriedIncrement = 0;
        charCount += length;
        size++;
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
        return increments[index];
    }
}
