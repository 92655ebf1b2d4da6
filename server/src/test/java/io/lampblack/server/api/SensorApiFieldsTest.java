package io.lampblack.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.json.Json;
import org.junit.jupiter.api.Test;

/** The PUT body's group id: a number or a string of digits, as cbapi and older scripts send it. */
class SensorApiFieldsTest {

    @Test
    void groupIdAsNumberOrDigitString() throws Exception {
        JsonNode b = Json.MAPPER.readTree("{\"a\": 2, \"b\": \"2\", \"c\": \"x\", \"d\": 2.5, \"e\": null}");
        assertEquals(2, SensorApi.integer(b, "a"));
        assertEquals(2, SensorApi.integer(b, "b"), "a string of digits is accepted");
        assertNull(SensorApi.integer(b, "e"));
        assertNull(SensorApi.integer(b, "missing"));
        assertThrows(ApiException.class, () -> SensorApi.integer(b, "c"));
        assertThrows(ApiException.class, () -> SensorApi.integer(b, "d"));
    }
}
