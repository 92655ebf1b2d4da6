package io.lampblack.server.search;

import org.apache.lucene.search.IndexSearcher;

import java.io.IOException;

/** Work done on a leased index searcher (see {@link SearchScope}). */
@FunctionalInterface
public interface SearcherWork<T> {
    T apply(IndexSearcher searcher) throws IOException;
}
