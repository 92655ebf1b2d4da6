package io.lampblack.server.search.schema;

import java.util.List;
import java.util.Optional;

/**
 * The fields a search index understands. The parser asks it whether {@code name:} starts a
 * field clause (so that {@code c:\program} stays a plain term); the translator asks it how to
 * turn a clause into a query.
 */
public interface FieldCatalog {

    /** The field a query name refers to, matched case-insensitively; empty when unknown. */
    Optional<FieldRef> resolve(String name);

    /** Fields that unfielded terms are searched in. */
    List<FieldSpec> defaultFields();

    default boolean isField(String name) {
        return resolve(name).isPresent();
    }
}
