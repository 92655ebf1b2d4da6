package io.lampblack.server.search.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed query: a plain tree of boolean nodes over leaf clauses. Leaves carry the field they
 * apply to (already distributed from an enclosing {@code field:( … )} group), so a leaf can be
 * evaluated on its own, which is what comprehensive search needs.
 */
public sealed interface QueryNode {

    /** A clause on one field (or, when the field is empty, on the default fields). */
    sealed interface Leaf extends QueryNode {
        Optional<String> fieldName();
    }

    /** A single value, possibly with {@code *}/{@code ?} wildcards; escapes already removed. */
    record Term(Optional<String> field, String text) implements Leaf {
        public Term {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(text, "text");
        }

        public static Term of(String field, String text) {
            return new Term(Optional.of(field), text);
        }

        public static Term unfielded(String text) {
            return new Term(Optional.empty(), text);
        }

        public boolean hasWildcard() {
            return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
        }

        @Override
        public Optional<String> fieldName() {
            return field;
        }
    }

    /** A quoted value: literal text (no wildcards), matched as consecutive tokens or as one whole value. */
    record Phrase(Optional<String> field, String text) implements Leaf {
        public Phrase {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(text, "text");
        }

        public static Phrase of(String field, String text) {
            return new Phrase(Optional.of(field), text);
        }

        public static Phrase unfielded(String text) {
            return new Phrase(Optional.empty(), text);
        }

        @Override
        public Optional<String> fieldName() {
            return field;
        }
    }

    /** {@code field:[lower TO upper]}; an empty bound is open ({@code *}). */
    record Range(
            String field, Optional<String> lower, Optional<String> upper, boolean includeLower, boolean includeUpper)
            implements Leaf {
        public Range {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(lower, "lower");
            Objects.requireNonNull(upper, "upper");
        }

        public static Range inclusive(String field, Optional<String> lower, Optional<String> upper) {
            return new Range(field, lower, upper, true, true);
        }

        @Override
        public Optional<String> fieldName() {
            return Optional.of(field);
        }
    }

    /** {@code field:*}: the document has a value for the field (for counts: a non-zero one). */
    record Exists(String field) implements Leaf {
        public Exists {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public Optional<String> fieldName() {
            return Optional.of(field);
        }
    }

    /** All clauses must match. */
    record And(List<QueryNode> clauses) implements QueryNode {
        public And {
            clauses = List.copyOf(clauses);
        }
    }

    /** At least one clause must match. */
    record Or(List<QueryNode> clauses) implements QueryNode {
        public Or {
            clauses = List.copyOf(clauses);
        }
    }

    /** The clause must not match. */
    record Not(QueryNode clause) implements QueryNode {
        public Not {
            Objects.requireNonNull(clause, "clause");
        }
    }

    /** {@code field:( … )} as written; its leaves already carry the field. */
    record FieldGroup(String field, QueryNode body) implements QueryNode {
        public FieldGroup {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(body, "body");
        }
    }

    /** Every document: an empty query, or a bare {@code *}. */
    record MatchAll() implements QueryNode {}

    /** The leaves of this tree, left to right. */
    default List<Leaf> leaves() {
        List<Leaf> out = new ArrayList<>();
        collectLeaves(this, out);
        return out;
    }

    private static void collectLeaves(QueryNode node, List<Leaf> out) {
        switch (node) {
            case Leaf leaf -> out.add(leaf);
            case And and -> and.clauses().forEach(c -> collectLeaves(c, out));
            case Or or -> or.clauses().forEach(c -> collectLeaves(c, out));
            case Not not -> collectLeaves(not.clause(), out);
            case FieldGroup group -> collectLeaves(group.body(), out);
            case MatchAll all -> {}
        }
    }
}
