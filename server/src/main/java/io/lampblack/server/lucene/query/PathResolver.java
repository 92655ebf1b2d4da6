package io.lampblack.server.lucene.query;

import org.apache.lucene.search.Query;

/**
 * Turns a query over the sub-path terms of a path field into a query over the documents being searched. Segment
 * documents hold whole paths only, so the process index resolves through its path vocabulary; an index that holds
 * the sub-path terms itself uses {@link #IN_PLACE}.
 */
@FunctionalInterface
public interface PathResolver {

    Query resolve(String field, Query subPathQuery);

    PathResolver IN_PLACE = (field, query) -> query;
}
