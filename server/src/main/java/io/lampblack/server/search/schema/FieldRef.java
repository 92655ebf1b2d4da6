package io.lampblack.server.search.schema;

/**
 * What a {@code name:} prefix in a query refers to: a field of the static catalogue or a field
 * recognised by a dynamic pattern (feed scores, watchlist tags, binary joins).
 */
public sealed interface FieldRef permits FieldSpec, DynamicField {

    /** The field name as it appears in queries, lower-case. */
    String name();
}
