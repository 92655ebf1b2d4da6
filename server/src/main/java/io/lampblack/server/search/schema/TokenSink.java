package io.lampblack.server.search.schema;

/**
 * Receives the tokens a normaliser produces. The buffer belongs to the producer and is only
 * valid during the call, which lets the indexer copy tokens into its own arena without
 * allocating a string per token.
 */
@FunctionalInterface
public interface TokenSink {

    /**
     * @param positionIncrement distance from the previous token: 1 for the next word, 0 for an
     *                          alternative form at the same position, more for a gap between values
     */
    void token(char[] buffer, int offset, int length, int positionIncrement);
}
