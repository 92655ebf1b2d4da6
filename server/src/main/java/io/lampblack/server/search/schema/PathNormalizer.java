package io.lampblack.server.search.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * File and registry paths (reference §2.1 "path"). A path is folded to lower case, both
 * {@code \} and {@code /} become {@value #SEPARATOR} (so {@code filemod:system32/ntdll.dll}
 * finds a Windows path), runs of separators collapse to one and leading/trailing separators are
 * dropped. The index holds every right-anchored sub-path: {@code c:/a/b.exe}, {@code a/b.exe},
 * {@code b.exe}. A query value goes through the same normalisation (wildcards are ordinary
 * characters here) and must equal, or as a pattern match, one of those terms.
 *
 * <p>An instance keeps scratch buffers and is not thread-safe; the static methods allocate.
 */
public final class PathNormalizer {

    /** The separator in indexed terms. Not {@code \}, which Lucene and Solr treat as an escape. */
    public static final char SEPARATOR = '/';

    private static final char[] CURRENT_CONTROL_SET = "currentcontrolset".toCharArray();
    private static final String CONTROL_SET = "controlset";

    /** Receives one sub-path and the {@link String#hashCode()} of its characters. */
    @FunctionalInterface
    public interface SubPathConsumer {
        void subPath(char[] buffer, int offset, int length, int hash);
    }

    private final boolean registry;
    private char[] buffer = new char[256];
    private int length;
    private int hash;
    private int[] componentStarts = new int[16];
    private int[] prefixHashes = new int[16];
    private int components;
    private int[] powers = {1};

    private PathNormalizer(boolean registry) {
        this.registry = registry;
    }

    public static PathNormalizer forFiles() {
        return new PathNormalizer(false);
    }

    /** Registry keys additionally fold {@code controlset00N} components to {@code currentcontrolset}. */
    public static PathNormalizer forRegistry() {
        return new PathNormalizer(true);
    }

    /** The normalised form of a file path or path pattern. */
    public static String normalize(CharSequence path) {
        return forFiles().normalized(path);
    }

    /** Every term the index holds for a file path, longest first. */
    public static List<String> subPaths(CharSequence path) {
        return forFiles().subPathList(path);
    }

    public String normalized(CharSequence path) {
        normalizeIntoBuffer(path);
        return new String(buffer, 0, length);
    }

    public List<String> subPathList(CharSequence path) {
        List<String> out = new ArrayList<>();
        forEachSubPath(path, (buf, off, len, h) -> out.add(new String(buf, off, len)));
        return out;
    }

    /**
     * One forward pass normalises the path and records, at each component start, the hash of
     * everything before it; each suffix's hash then follows arithmetically
     * ({@code hash(all) = hash(prefix) * 31^len(suffix) + hash(suffix)}), so deduplicating the
     * sub-paths never rescans them.
     */
    public void forEachSubPath(CharSequence path, SubPathConsumer consumer) {
        normalizeIntoBuffer(path);
        for (int k = 0; k < components; k++) {
            int start = componentStarts[k];
            int suffixLength = length - start;
            int suffixHash = hash - prefixHashes[k] * power(suffixLength);
            consumer.subPath(buffer, start, suffixLength, suffixHash);
        }
    }

    /** The whole normalised path as one term (the first, longest sub-path), for segment documents. */
    public void forFullPath(CharSequence path, SubPathConsumer consumer) {
        normalizeIntoBuffer(path);
        if (components > 0) consumer.subPath(buffer, 0, length, hash);
    }

    private void normalizeIntoBuffer(CharSequence path) {
        length = 0;
        hash = 0;
        components = 0;
        boolean pendingSeparator = false;
        int n = path.length();
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            if (c == '\\' || c == '/') {
                pendingSeparator = length > 0;
                continue;
            }
            if (length == 0) {
                startComponent();
            } else if (pendingSeparator) {
                endComponent();
                append(SEPARATOR);
                startComponent();
                pendingSeparator = false;
            }
            append(CaseFolding.fold(c));
        }
        if (length > 0) {
            endComponent();
        }
    }

    private void startComponent() {
        if (components == componentStarts.length) {
            componentStarts = java.util.Arrays.copyOf(componentStarts, components * 2);
            prefixHashes = java.util.Arrays.copyOf(prefixHashes, components * 2);
        }
        componentStarts[components] = length;
        prefixHashes[components] = hash;
        components++;
    }

    private void endComponent() {
        if (!registry) {
            return;
        }
        int start = componentStarts[components - 1];
        if (isNumberedControlSet(start, length)) {
            length = start;
            hash = prefixHashes[components - 1];
            for (char c : CURRENT_CONTROL_SET) {
                append(c);
            }
        }
    }

    /** {@code controlset} followed by exactly three digits, e.g. {@code controlset001}. */
    private boolean isNumberedControlSet(int start, int end) {
        if (end - start != CONTROL_SET.length() + 3) {
            return false;
        }
        for (int i = 0; i < CONTROL_SET.length(); i++) {
            if (buffer[start + i] != CONTROL_SET.charAt(i)) {
                return false;
            }
        }
        for (int i = start + CONTROL_SET.length(); i < end; i++) {
            if (buffer[i] < '0' || buffer[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private void append(char c) {
        if (length == buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, length * 2);
        }
        buffer[length++] = c;
        hash = 31 * hash + c;
    }

    private int power(int exponent) {
        if (exponent >= powers.length) {
            int[] grown = java.util.Arrays.copyOf(powers, Math.max(exponent + 1, powers.length * 2));
            for (int i = powers.length; i < grown.length; i++) {
                grown[i] = grown[i - 1] * 31;
            }
            powers = grown;
        }
        return powers[exponent];
    }
}
