package io.lampblack.server.search.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * One field of a search catalogue.
 *
 * @param name         the query name, lower-case
 * @param kind         how values are indexed and matched
 * @param defaultField whether unfielded terms are searched in this field
 * @param sortable     whether doc values are written so results can be sorted on it
 * @param facetable    whether doc values are written so facets can be counted on it
 * @param copyTo       another field that every value written here is also written to, with that
 *                     field's own kind (Solr's copyField): keeps union fields such as {@code md5}
 *                     complete without the indexer having to remember them
 * @param unionOf      fields this one stands for at query time (e.g. {@code md5} = any of the process, parent,
 *                     child, modload and filewrite MD5s); such a field has no terms of its own, which spares the
 *                     index one posting per hash per document
 * @param unsupported  why clauses on this field are rejected, when the field is known but not
 *                     searchable yet
 */
public record FieldSpec(
        String name,
        FieldKind kind,
        boolean defaultField,
        boolean sortable,
        boolean facetable,
        Optional<String> copyTo,
        java.util.List<String> unionOf,
        Optional<String> unsupported)
        implements FieldRef {

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(copyTo, "copyTo");
        unionOf = java.util.List.copyOf(unionOf);
        Objects.requireNonNull(unsupported, "unsupported");
    }

    /** A searchable field with no extras; use the {@code with...} methods to add flags. */
    public static FieldSpec of(String name, FieldKind kind) {
        return new FieldSpec(name, kind, false, false, false, Optional.empty(), java.util.List.of(), Optional.empty());
    }

    public FieldSpec asDefault() {
        return new FieldSpec(name, kind, true, sortable, facetable, copyTo, unionOf, unsupported);
    }

    public FieldSpec asSortable() {
        return new FieldSpec(name, kind, defaultField, true, facetable, copyTo, unionOf, unsupported);
    }

    public FieldSpec asFacetable() {
        return new FieldSpec(name, kind, defaultField, sortable, true, copyTo, unionOf, unsupported);
    }

    public FieldSpec copiedTo(String target) {
        return new FieldSpec(name, kind, defaultField, sortable, facetable, Optional.of(target), unionOf, unsupported);
    }

    public FieldSpec notSupportedYet(String reason) {
        return new FieldSpec(name, kind, defaultField, sortable, facetable, copyTo, unionOf, Optional.of(reason));
    }

    public FieldSpec unionOf(String... members) {
        return new FieldSpec(
                name, kind, defaultField, sortable, facetable, copyTo, java.util.List.of(members), unsupported);
    }

    /** Whether the writer adds doc values for this field. */
    public boolean hasDocValues() {
        return sortable || facetable;
    }
}
