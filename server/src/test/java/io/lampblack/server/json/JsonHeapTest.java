package io.lampblack.server.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonHeapTest {

    @Test
    void theTextAndTheTreeGiveTheSameEstimate() throws Exception {
        for (String json : List.of(
                "{}",
                "[]",
                "null",
                "\"a text\"",
                "{\"processes\": [{\"pid\": 4, \"path\": \"C:\\\\Windows\\\\System32\\\\ntoskrnl.exe\"}, {\"pid\": 12345678901}]}",
                "{\"a\": [[], [{}], [1.5, true, false, null, \"x\"]], \"b\": {\"c\": {\"d\": \"\\u4e00\\u4e01\"}}}",
                "[" + "[".repeat(100) + "]".repeat(100) + "]")) {
            byte[] text = json.getBytes(StandardCharsets.UTF_8);
            assertEquals(JsonHeap.of(Json.MAPPER.readTree(text)), JsonHeap.ofText(text), json);
        }
    }

    /**
     * Small text that makes a large tree is estimated large: three bytes per empty object make about ninety bytes of
     * heap each, and the estimate says at least that, where the text's length would say three.
     */
    @Test
    void emptyContainersAreCountedAtWhatTheyCostNotWhatTheyTakeAsText() throws Exception {
        byte[] objects = ("[" + "{},".repeat(100_000) + "{}]").getBytes(StandardCharsets.UTF_8);
        assertTrue(JsonHeap.ofText(objects) >= 30L * objects.length, Long.toString(JsonHeap.ofText(objects)));
        byte[] arrays = ("[" + "[],".repeat(100_000) + "[]]").getBytes(StandardCharsets.UTF_8);
        assertTrue(JsonHeap.ofText(arrays) >= 20L * arrays.length, Long.toString(JsonHeap.ofText(arrays)));
        // A long text is its characters (two bytes each, at most) and a little.
        byte[] text = ("\"" + "x".repeat(100_000) + "\"").getBytes(StandardCharsets.UTF_8);
        assertTrue(JsonHeap.ofText(text) < 3L * text.length);
    }

    @Test
    void notJsonIsRefused() {
        assertThrows(java.io.IOException.class, () -> JsonHeap.ofText("{\"a\": ".getBytes(StandardCharsets.UTF_8)));
    }
}
