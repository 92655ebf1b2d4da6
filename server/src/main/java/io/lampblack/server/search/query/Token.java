package io.lampblack.server.search.query;

import java.util.Optional;

/** What {@link QueryLexer} produces; {@code position} is the 0-based offset in the query text. */
sealed interface Token {

    int position();

    enum Op {
        AND,
        OR,
        NOT,
        MINUS
    }

    /** A plain value with escapes removed. */
    record Word(String text, int position) implements Token {}

    /** A quoted value with escapes removed. */
    record Quoted(String text, int position) implements Token {}

    /** {@code name:} where {@code name} is a known field; the value token follows. */
    record FieldPrefix(String name, int position) implements Token {}

    /** {@code [lower TO upper]}; only lexed right after a field prefix. */
    record RangeBounds(
            Optional<String> lower, Optional<String> upper, boolean includeLower, boolean includeUpper, int position)
            implements Token {}

    record Operator(Op op, int position) implements Token {
        String describe() {
            return op == Op.MINUS ? "'-'" : op.name();
        }
    }

    record Open(int position) implements Token {}

    record Close(int position) implements Token {}

    record End(int position) implements Token {}
}
