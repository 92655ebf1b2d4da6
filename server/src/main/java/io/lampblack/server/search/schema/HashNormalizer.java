package io.lampblack.server.search.schema;

/**
 * MD5 and SHA-256 digests: binary documents carry them upper-case and process documents
 * lower-case, and users type either (reference §2.1), so both are folded to lower-case hex.
 */
public final class HashNormalizer {

    private HashNormalizer() {}

    public static String normalize(CharSequence hex) {
        return KeywordNormalizer.normalize(FieldKind.MD5, hex);
    }
}
