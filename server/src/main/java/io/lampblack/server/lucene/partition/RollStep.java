package io.lampblack.server.lucene.partition;

/**
 * The points of a roll at which the disk is in a distinct state. A crash at any of them must leave an index that
 * opens with nothing committed lost; tests stop there and copy the disk to check that.
 */
public enum RollStep {
    /** The hot partition's writer is committed at the roll's journal position; nothing else has changed. */
    HOT_COMMITTED,
    /** The new hot partition's directory exists with its first commit; the catalogue does not name it yet. */
    NEW_HOT_CREATED,
    /** The catalogue names the old partition warm and the new one hot: the roll has happened. */
    CATALOGUE_WRITTEN;

    /** Told each step as it is reached. */
    @FunctionalInterface
    public interface Observer {
        Observer NONE = step -> {};

        void reached(RollStep step);
    }
}
