package io.lampblack.server.lucene.schema;

import io.lampblack.server.problem.InvalidInput;
import io.lampblack.server.search.schema.FieldSpec;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedSetSortField;

/**
 * Sorting on a field needs the doc-values type {@link ProcessFieldWriter} chose for it; this is
 * the one place that maps a field to its Lucene sort, so the two cannot disagree.
 */
public final class SortFields {

    private SortFields() {}

    /**
     * @throws InvalidInput ({@code invalid_parameter}) when the field is not sortable: a request asked for it
     */
    public static SortField of(FieldSpec spec, boolean descending) {
        if (!spec.sortable()) {
            throw new InvalidInput("invalid_parameter", "field '" + spec.name() + "' is not sortable");
        }
        return switch (spec.kind()) {
            case COUNT, INTEGER -> new SortField(spec.name(), SortField.Type.INT, descending);
            case LONG, DATETIME -> new SortField(spec.name(), SortField.Type.LONG, descending);
            case GUID -> new SortField(spec.name(), SortField.Type.STRING, descending);
            case KEYWORD, MD5, SHA256 -> new SortedSetSortField(spec.name(), descending);
            default ->
                throw new IllegalArgumentException(
                        "field '" + spec.name() + "' of kind " + spec.kind() + " has no sort order");
        };
    }
}
