package io.lampblack.server.search.schema;

import java.util.List;

/**
 * Registry key paths: the file-path rules plus {@code controlset001}/{@code controlset002} folded
 * to {@code currentcontrolset}, on both the indexed key and the query value, because CB indexes
 * them that way and watchlists are written against {@code currentcontrolset} (reference §2.1).
 */
public final class RegmodNormalizer {

    private RegmodNormalizer() {}

    public static String normalize(CharSequence key) {
        return PathNormalizer.forRegistry().normalized(key);
    }

    public static List<String> subPaths(CharSequence key) {
        return PathNormalizer.forRegistry().subPathList(key);
    }
}
