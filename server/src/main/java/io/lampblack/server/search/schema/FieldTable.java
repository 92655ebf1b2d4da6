package io.lampblack.server.search.schema;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statically declared fields of a catalogue (process or binary): each declared once, kept in declaration order,
 * with the default fields for unfielded terms derived from them. Built in a catalogue's constructor, read-only after.
 */
final class FieldTable {

    private final Map<String, FieldSpec> fields = new LinkedHashMap<>();
    private List<FieldSpec> defaults;

    void put(FieldSpec spec) {
        if (defaults != null) throw new IllegalStateException("the field table is already in use");
        if (fields.put(spec.name(), spec) != null) {
            throw new IllegalStateException("field declared twice: " + spec.name());
        }
    }

    /** A declared field (exact, lower-case name). */
    Optional<FieldSpec> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    Collection<FieldSpec> fields() {
        return Collections.unmodifiableCollection(fields.values());
    }

    /** The default fields that can be searched (a field marked not supported yet is left out). */
    List<FieldSpec> defaultFields() {
        if (defaults == null) {
            defaults = fields.values().stream()
                    .filter(FieldSpec::defaultField)
                    .filter(spec -> spec.unsupported().isEmpty())
                    .toList();
        }
        return defaults;
    }
}
