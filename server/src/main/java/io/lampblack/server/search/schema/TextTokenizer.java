package io.lampblack.server.search.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Text fields (reference §2.1 "text": FileVersionInfo and signature strings): a word is a run of letters and
 * digits, everything else (whitespace, punctuation, symbols such as {@code ®}) separates words, and words are
 * lower-cased. {@code Microsoft® Windows® Operating System} becomes {@code microsoft windows operating system}, so
 * {@code product_name:"windows operating system"} matches it as consecutive tokens and {@code product_name:windows}
 * as any one token.
 *
 * <p>In a query, {@code *} and {@code ?} stay inside their word so that {@code company_name:micro*} is one pattern;
 * a query value that splits into several words is matched as a phrase ({@code file_version:7.0.170.2} is the four
 * consecutive tokens {@code 7 0 170 2}), the way the command-line field treats multi-token values.
 */
public final class TextTokenizer {

    private TextTokenizer() {}

    /** The tokens the index holds for {@code text}, in order. */
    public static List<String> indexTokens(CharSequence text) {
        return collect(text, false);
    }

    /** The tokens of a query value; {@code *} and {@code ?} are kept as word characters. */
    public static List<String> queryTokens(CharSequence text) {
        return collect(text, true);
    }

    /**
     * Emits each token of {@code text}; the first with {@code firstPositionIncrement}, the rest with 1, so that a
     * multi-valued field can leave a gap between values.
     */
    public static void tokenize(CharSequence text, int firstPositionIncrement, TokenSink sink) {
        tokenize(text, false, firstPositionIncrement, sink);
    }

    private static List<String> collect(CharSequence text, boolean wildcards) {
        List<String> out = new ArrayList<>();
        tokenize(
                text, wildcards, 1, (buffer, offset, length, increment) -> out.add(new String(buffer, offset, length)));
        return out;
    }

    private static void tokenize(CharSequence text, boolean wildcards, int firstIncrement, TokenSink sink) {
        char[] word = new char[Math.max(16, text.length())];
        int length = 0;
        int increment = firstIncrement;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            boolean wordChar = isWordChar(text, i, c) || (wildcards && (c == '*' || c == '?'));
            if (wordChar) {
                word[length++] = CaseFolding.fold(c);
            } else if (length > 0) {
                sink.token(word, 0, length, increment);
                increment = 1;
                length = 0;
            }
        }
    }

    /** Letters and digits, including both halves of a surrogate pair that encodes one. */
    private static boolean isWordChar(CharSequence text, int index, char c) {
        if (index >= text.length()) {
            return false;
        }
        if (Character.isHighSurrogate(c) && index + 1 < text.length()) {
            return Character.isLetterOrDigit(Character.toCodePoint(c, text.charAt(index + 1)));
        }
        if (Character.isLowSurrogate(c) && index > 0 && Character.isHighSurrogate(text.charAt(index - 1))) {
            return Character.isLetterOrDigit(Character.toCodePoint(text.charAt(index - 1), c));
        }
        return Character.isLetterOrDigit(c);
    }
}
