package io.lampblack.server.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/**
 * An estimate of the heap a JSON tree ({@link JsonNode}) takes, for budgets of what a sender may make the server hold.
 * The text's length says little: a Jackson tree of {@code {},{},...} takes about thirty times its text, one of short
 * strings and numbers (a process list) about four times. The estimate counts each node, each object entry and each
 * array slot at about what it costs on a 64-bit JVM with compressed pointers, rounded up, and each character of text
 * as two bytes, so that it is never much below the truth (and may be above it for small numbers, which Jackson
 * shares).
 *
 * <p>The same estimate is made from the text, without building the tree (to reserve before a body is parsed), and
 * from a tree already built.
 */
public final class JsonHeap {

    /** An ObjectNode and its LinkedHashMap with the map's first table. */
    static final long OBJECT = 96;
    /** An ArrayNode and its ArrayList with the list's first array. */
    static final long ARRAY = 56;
    /** A map entry and its share of the table, plus the key's String (the text is added). */
    static final long ENTRY = 64;
    /** An array slot, with the list's growth. */
    static final long SLOT = 8;
    /** A TextNode and its String (the text is added, two bytes a character). */
    static final long TEXT = 56;
    /** A number node; a big one adds its digits. */
    static final long NUMBER = 24;
    /** true, false, null: shared nodes. */
    static final long CONSTANT = 0;

    private JsonHeap() {}

    /**
     * The estimated heap of the tree {@code json} parses to, read as a stream of tokens (nothing of the tree is made).
     *
     * @throws IOException when it is not JSON
     */
    public static long ofText(byte[] json) throws IOException {
        long heap = 0;
        // Whether each open container is an array (its values take a slot each), innermost last.
        long[] arrays = new long[16];
        int depth = 0;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                    continue;
                }
                if (t == JsonToken.FIELD_NAME) {
                    heap += ENTRY + 2L * p.getTextLength();
                    continue;
                }
                if (depth > 0 && isArray(arrays, depth - 1)) heap += SLOT;
                heap += switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        if (depth / 64 >= arrays.length) arrays = java.util.Arrays.copyOf(arrays, arrays.length * 2);
                        if (t == JsonToken.START_ARRAY) arrays[depth / 64] |= 1L << (depth % 64);
                        else arrays[depth / 64] &= ~(1L << (depth % 64));
                        depth++;
                        yield t == JsonToken.START_ARRAY ? ARRAY : OBJECT;
                    }
                    case VALUE_STRING -> TEXT + 2L * p.getTextLength();
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NUMBER + p.getTextLength();
                    default -> CONSTANT;
                };
            }
        }
        return heap;
    }

    private static boolean isArray(long[] arrays, int depth) {
        return (arrays[depth / 64] & (1L << (depth % 64))) != 0;
    }

    /** The estimated heap of a tree, by the same measure as {@link #ofText}. */
    public static long of(JsonNode node) {
        if (node == null) return 0;
        if (node.isObject()) {
            long heap = OBJECT;
            for (Map.Entry<String, JsonNode> e : node.properties())
                heap += ENTRY + 2L * e.getKey().length() + of(e.getValue());
            return heap;
        }
        if (node.isArray()) {
            long heap = ARRAY;
            for (JsonNode v : node) heap += SLOT + of(v);
            return heap;
        }
        if (node.isTextual()) return TEXT + 2L * node.textValue().length();
        if (node.isNumber()) return NUMBER + node.asText().length();
        return CONSTANT;
    }
}
