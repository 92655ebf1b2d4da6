package io.lampblack.server.search.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * DNS names (reference §2.1 "domain"). A typed dot anchors the label next to it: {@code foo.}
 * is a first label, {@code .com} a last label, {@code .com.} a middle label, a bare {@code com}
 * any label. So at each label position the index holds the bare label and one anchored form
 * ({@code www.}, {@code .carbonblack.}, {@code .com}; a single-label name gets both
 * {@code name.} and {@code .name}), and a multi-label query becomes a phrase over anchored
 * forms, which is why {@code domain:foo.com} matches {@code foo.com} but not {@code foo.com.au}.
 *
 * <p>An instance keeps a scratch buffer and is not thread-safe.
 */
public final class DomainTokenizer {

    private char[] buffer = new char[128];
    private int[] labelStarts = new int[8];
    private int[] labelEnds = new int[8];

    /** The tokens the index holds for a name, in position order. */
    public static List<String> indexTokens(CharSequence domain) {
        List<String> out = new ArrayList<>();
        new DomainTokenizer().tokenize(domain, 1, (buf, off, len, inc) -> out.add(new String(buf, off, len)));
        return out;
    }

    /**
     * The consecutive tokens a query value must match: each label gets a leading dot if a dot
     * precedes it and a trailing dot if one follows it; an undotted single label stays bare.
     */
    public static List<String> queryTokens(CharSequence value) {
        String folded = CaseFolding.fold(value).strip();
        boolean leadingDot = folded.startsWith(".");
        boolean trailingDot = folded.endsWith(".");
        List<String> labels = new ArrayList<>();
        for (String label : folded.split("\\.")) {
            if (!label.isEmpty()) {
                labels.add(label);
            }
        }
        List<String> tokens = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            boolean dotBefore = i > 0 || leadingDot;
            boolean dotAfter = i < labels.size() - 1 || trailingDot;
            tokens.add((dotBefore ? "." : "") + labels.get(i) + (dotAfter ? "." : ""));
        }
        return tokens;
    }

    /**
     * Tokenizes one name for the index. The folded name is laid out once between sentinel dots
     * ({@code .www.carbonblack.com.}); every token, bare or anchored, is then a slice of it.
     */
    public void tokenize(CharSequence domain, int firstPositionIncrement, TokenSink sink) {
        int n = domain.length();
        if (buffer.length < n + 2) {
            buffer = new char[n + 2 + 16];
        }
        int length = 0;
        int labels = 0;
        buffer[length++] = '.';
        for (int i = 0; i < n; i++) {
            char c = domain.charAt(i);
            if (c <= ' ') {
                continue;
            }
            if (c == '.') {
                if (buffer[length - 1] != '.') {
                    buffer[length++] = '.';
                }
                continue;
            }
            if (buffer[length - 1] == '.') {
                if (labels == labelStarts.length) {
                    labelStarts = java.util.Arrays.copyOf(labelStarts, labels * 2);
                    labelEnds = java.util.Arrays.copyOf(labelEnds, labels * 2);
                }
                labelStarts[labels++] = length;
            }
            buffer[length++] = CaseFolding.fold(c);
            labelEnds[labels - 1] = length;
        }
        if (buffer[length - 1] != '.') {
            buffer[length++] = '.';
        }
        int increment = firstPositionIncrement;
        for (int i = 0; i < labels; i++) {
            int start = labelStarts[i];
            int end = labelEnds[i];
            sink.token(buffer, start, end - start, increment);
            increment = 1;
            boolean first = i == 0;
            boolean last = i == labels - 1;
            if (first) {
                sink.token(buffer, start, end - start + 1, 0); // "label."
            }
            if (last) {
                sink.token(buffer, start - 1, end - start + 1, 0); // ".label"
            }
            if (!first && !last) {
                sink.token(buffer, start - 1, end - start + 2, 0); // ".label."
            }
        }
    }
}
