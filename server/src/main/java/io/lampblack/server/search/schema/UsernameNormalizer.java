package io.lampblack.server.search.schema;

/**
 * User names are stored as <code>DOMAIN&#92;user</code> (or {@code SYSTEM}) but searched either way:
 * {@code username:alice} must match {@code WIN-5IKQDNF9GO1\alice}. The index therefore holds the
 * full folded value and, when there is a domain part, the part after the last backslash; a
 * query value is only folded, and matches whichever of the two it equals.
 */
public final class UsernameNormalizer {

    private UsernameNormalizer() {}

    /** The full folded value; also the query term. */
    public static String normalize(CharSequence username) {
        return KeywordNormalizer.normalize(FieldKind.USERNAME, username);
    }

    /** The index of the first character of the short form in a normalised name, or -1 when it has no domain part. */
    public static int shortFormStart(char[] normalized, int offset, int length) {
        for (int i = offset + length - 1; i >= offset; i--) {
            if (normalized[i] == '\\') {
                return i + 1 < offset + length ? i + 1 : -1;
            }
        }
        return -1;
    }
}
