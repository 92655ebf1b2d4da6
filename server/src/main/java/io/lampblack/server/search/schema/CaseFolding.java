package io.lampblack.server.search.schema;

/**
 * Lower-casing used for every indexed term and every query value. It works per UTF-16 unit, not
 * per string like {@link String#toLowerCase}, so that it can fold straight into the writer's
 * buffers and so both sides give the same result even for characters whose string-level
 * lower case changes length.
 */
public final class CaseFolding {

    private CaseFolding() {}

    public static char fold(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return Character.toLowerCase(c);
    }

    public static String fold(CharSequence value) {
        char[] out = new char[value.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fold(value.charAt(i));
        }
        return new String(out);
    }
}
