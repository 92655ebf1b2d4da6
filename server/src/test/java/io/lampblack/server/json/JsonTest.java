package io.lampblack.server.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the contracts rely on in the one mapper's configuration. */
class JsonTest {

    /** Declared out of alphabetical order, with the names and kinds of component the documents use. */
    record Doc(
            @JsonProperty("zeta") int zeta,
            @JsonProperty("isLegacy") boolean isLegacy,
            @JsonProperty("alpha_beta") String alphaBeta,
            @JsonProperty("endDate") String endDate,

            @JsonProperty("error_id") @JsonInclude(JsonInclude.Include.NON_NULL)
            String errorId,

            @JsonProperty("nested") Map<String, Object> nested) {}

    private static String json(Object value) {
        return new String(Json.bytes(value), StandardCharsets.UTF_8);
    }

    @Test
    void recordsKeepTheirDeclaredOrderAndNames() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("a", 2);
        assertEquals(
                "{\"zeta\":1,\"isLegacy\":false,\"alpha_beta\":\"x\",\"endDate\":\"2015-11-16T18:14:28.819Z\","
                        + "\"error_id\":\"00c0ffee\",\"nested\":{\"z\":1,\"a\":2}}",
                json(new Doc(1, false, "x", "2015-11-16T18:14:28.819Z", "00c0ffee", nested)));
    }

    @Test
    void nullsAreWrittenUnlessAFieldSaysOtherwise() {
        assertEquals(
                "{\"zeta\":0,\"isLegacy\":true,\"alpha_beta\":null,\"endDate\":null,\"nested\":{}}",
                json(new Doc(0, true, null, null, null, Map.of())));
    }

    @Test
    void decimalsArePlain() {
        assertEquals(
                "{\"event_timestamp\":1447697628.645}",
                json(Map.of("event_timestamp", BigDecimal.valueOf(1447697628645L, 3))));
        assertEquals("0.000001", json(new BigDecimal("1E-6")));
    }

    @Test
    void unknownKeysAreIgnoredWhenReading() throws Exception {
        Doc d = Json.MAPPER.readValue(
                "{\"zeta\":3,\"alpha_beta\":\"y\",\"isLegacy\":true,\"added_later\":[1]}", Doc.class);
        assertEquals(new Doc(3, true, "y", null, null, null), d);
    }

    @Test
    void rawValuesAreWrittenThroughWhateverTheirSizeAndWhereverTheyGo() throws Exception {
        String small = "{\"cmdline\":\"x \\\"y\\\" \u00e9\"}";
        // Larger than the generator's buffer: written through instead of copied into it.
        String large = "[\"" + "a".repeat(100_000) + "\"]";
        List<RawJson> rows = List.of(
                RawJson.of(small.getBytes(StandardCharsets.UTF_8)),
                RawJson.of(large.getBytes(StandardCharsets.UTF_8)),
                RawJson.of(small.getBytes(StandardCharsets.UTF_8)));
        String expected = "{\"results\":[" + small + "," + large + "," + small + "]}";
        assertEquals(expected, json(Map.of("results", rows)));
        // A character-based generator (a String or a Writer) decodes them instead.
        assertEquals(expected, Json.MAPPER.writeValueAsString(Map.of("results", rows)));
    }

    @Test
    void listsOfRecordsNest() {
        assertEquals(
                "[{\"zeta\":1,\"isLegacy\":false,\"alpha_beta\":\"a\",\"endDate\":null,\"nested\":null}]",
                json(List.of(new Doc(1, false, "a", null, null, null))));
    }
}
