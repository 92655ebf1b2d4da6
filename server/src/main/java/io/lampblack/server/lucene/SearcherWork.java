package io.lampblack.server.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;

/** Work done on a leased index searcher (the process index's {@code SearchScope}, or a searcher manager's). */
@FunctionalInterface
public interface SearcherWork<T> {
    T apply(IndexSearcher searcher) throws IOException;

    /** Runs {@code work} on a searcher acquired from {@code searchers}, released afterwards; I/O failures unchecked. */
    static <T> T on(SearcherManager searchers, SearcherWork<T> work) {
        IndexSearcher s;
        try {
            s = searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return work.apply(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                searchers.release(s);
            } catch (IOException e) {
                // a failed release leaves nothing to undo for the caller
            }
        }
    }
}
