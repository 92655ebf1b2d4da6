package io.lampblack.server.search.schema;

/**
 * The term a whole-value field ({@link FieldKind#KEYWORD}, hashes, GUIDs, statuses, signature
 * results, cross-process types, booleans) stores for a value: trimmed and case-folded, and for
 * cross-process types with underscores removed so that {@code process_open} equals
 * {@code processopen} (reference §2.1).
 */
public final class KeywordNormalizer {

    private KeywordNormalizer() {}

    public static String normalize(FieldKind kind, CharSequence value) {
        char[] out = new char[value.length()];
        int length = normalizeInto(kind, value, out, 0);
        return new String(out, 0, length);
    }

    /**
     * Writes the normalised value into {@code out} at {@code offset}; {@code out} must have room
     * for {@code value.length()} characters. Returns the number of characters written.
     */
    public static int normalizeInto(FieldKind kind, CharSequence value, char[] out, int offset) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && value.charAt(end - 1) <= ' ') {
            end--;
        }
        boolean dropUnderscores = kind == FieldKind.CROSSPROC_TYPE;
        int n = offset;
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (dropUnderscores && c == '_') {
                continue;
            }
            out[n++] = CaseFolding.fold(c);
        }
        return n - offset;
    }
}
