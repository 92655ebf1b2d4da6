package io.lampblack.server.investigation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.problem.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a tagged event's {@code unique_id} names its process and segment (reference §1.5). */
class InvestigationsTest {

    private static final String GUID = "00000007-0000-1234-01d9-8e1f00000000";

    @Test
    void segmentFollowsTheGuid() {
        assertEquals(7, Investigations.guidOf(GUID + "-015c2f5bb68d").sensorId());
        assertEquals(0x015c2f5bb68dL, Investigations.segmentOf(GUID + "-015c2f5bb68d"));
        assertEquals(1, Investigations.segmentOf(GUID + "-00000001"), "5.x segment ids");
        assertEquals(0, Investigations.segmentOf(GUID), "the GUID alone is the whole process");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-guid", GUID + "-", GUID + "-xyz", GUID + "x0001", GUID + "-00000000000000001"})
    void malformedUniqueIdsNameTheField(String uniqueId) {
        InvalidInput e = assertThrows(InvalidInput.class, () -> {
            Investigations.guidOf(uniqueId);
            Investigations.segmentOf(uniqueId);
        });
        assertTrue(e.getMessage().contains("'unique_id'"), e.getMessage());
    }
}
