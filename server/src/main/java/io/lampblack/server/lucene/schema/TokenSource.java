package io.lampblack.server.lucene.schema;

/** Tokens held in a character arena, read by {@link ReusableTokenStream}. */
interface TokenSource {

    int size();

    char[] chars();

    int start(int index);

    int length(int index);

    int positionIncrement(int index);
}
