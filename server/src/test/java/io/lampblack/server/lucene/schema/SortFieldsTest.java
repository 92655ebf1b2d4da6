package io.lampblack.server.lucene.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.search.schema.ProcessSchema;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedSetSortField;
import org.junit.jupiter.api.Test;

class SortFieldsTest {

    private final ProcessSchema schema = ProcessSchema.INSTANCE;

    @Test
    void sortFieldsMatchTheDocValuesTheWriterAdds() {
        assertInstanceOf(
                SortedSetSortField.class,
                SortFields.of(schema.field("process_name").orElseThrow(), false));
        SortField lastUpdate = SortFields.of(schema.field("last_update").orElseThrow(), true);
        assertEquals(SortField.Type.LONG, lastUpdate.getType());
        assertTrue(lastUpdate.getReverse());
        assertEquals(
                SortField.Type.INT,
                SortFields.of(schema.field("regmod_count").orElseThrow(), true).getType());
        assertThrows(
                IllegalArgumentException.class,
                () -> SortFields.of(schema.field("cmdline").orElseThrow(), false));
    }
}
