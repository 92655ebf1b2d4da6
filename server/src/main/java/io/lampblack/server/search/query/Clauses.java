package io.lampblack.server.search.query;

/** Renders a leaf back to query syntax, so error messages quote what the user wrote. */
public final class Clauses {

    private Clauses() {}

    public static String describe(QueryNode.Leaf leaf) {
        return switch (leaf) {
            case QueryNode.Term term -> prefix(term) + term.text();
            case QueryNode.Phrase phrase -> prefix(phrase) + '"' + phrase.text() + '"';
            case QueryNode.Range range ->
                range.field() + ':' + (range.includeLower() ? '[' : '{')
                        + range.lower().orElse("*") + " TO " + range.upper().orElse("*")
                        + (range.includeUpper() ? ']' : '}');
            case QueryNode.Exists exists -> exists.field() + ":*";
        };
    }

    private static String prefix(QueryNode.Leaf leaf) {
        return leaf.fieldName().map(f -> f + ":").orElse("");
    }
}
