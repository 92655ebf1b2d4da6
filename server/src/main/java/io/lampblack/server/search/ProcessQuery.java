package io.lampblack.server.search;

import io.lampblack.server.search.query.QueryNode;

import java.util.Optional;

/**
 * A process search as the index sees it: the parsed query, the sort and the page.
 *
 * @param sortField empty for Carbon Black's default order, last_update descending
 * @param rows      0 = count only
 */
public record ProcessQuery(QueryNode query, Optional<String> sortField, boolean descending, int start, int rows) {
}
