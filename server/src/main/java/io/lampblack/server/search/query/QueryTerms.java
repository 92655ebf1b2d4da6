package io.lampblack.server.search.query;

import java.util.ArrayList;
import java.util.List;

/** The clauses of a query as a search envelope's {@code terms} lists them: each leaf in query syntax. */
public final class QueryTerms {

    private QueryTerms() {}

    public static List<String> of(QueryNode node) {
        List<String> out = new ArrayList<>();
        for (QueryNode.Leaf leaf : node.leaves()) {
            out.add(Clauses.describe(leaf));
        }
        return out;
    }
}
