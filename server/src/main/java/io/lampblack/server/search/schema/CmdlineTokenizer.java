package io.lampblack.server.search.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The 6.3+ command-line tokenizer (reference §2.1 "cmdline"):
 * <ol>
 * <li>whitespace and {@code \ " ' ( ) [ ] { } , = < > & | ;} separate tokens;</li>
 * <li>{@code /} before the first token is part of a path and separates; at the start of any
 *     later token it marks a switch and stays ({@code /d}); inside a token it separates;</li>
 * <li>a single trailing colon stays ({@code c:}); other colons separate;</li>
 * <li>a token with an extension also yields the extension alone at the same position
 *     ({@code srrstr.dll} + {@code .dll}), so phrases still line up;</li>
 * <li>everything is folded to lower case.</li>
 * </ol>
 * A query value is a fragment, not a whole command line, so in {@link Mode#QUERY} a leading
 * {@code /} is a switch ({@code cmdline:/d}) and no extension tokens are produced (the word
 * already carries its extension). {@code *} and {@code ?} are ordinary characters here, so
 * wildcard patterns survive tokenization.
 *
 * <p>An instance keeps a scratch buffer and is not thread-safe.
 */
public final class CmdlineTokenizer {

    public enum Mode {
        INDEX,
        QUERY
    }

    private final Mode mode;
    private char[] token = new char[64];
    private int tokenLength;
    private TokenSink sink;
    private int nextIncrement;
    private boolean contentSeen;

    public CmdlineTokenizer(Mode mode) {
        this.mode = mode;
    }

    /** The tokens the index holds for a command line, extension tokens included. */
    public static List<String> indexTokens(CharSequence cmdline) {
        return collect(Mode.INDEX, cmdline);
    }

    /** The consecutive tokens a query value must match as a phrase. */
    public static List<String> queryTokens(CharSequence value) {
        return collect(Mode.QUERY, value);
    }

    private static List<String> collect(Mode mode, CharSequence text) {
        List<String> out = new ArrayList<>();
        new CmdlineTokenizer(mode).tokenize(text, 1, (buf, off, len, inc) -> out.add(new String(buf, off, len)));
        return out;
    }

    /**
     * Tokenizes one command line. The first token gets {@code firstPositionIncrement}, which
     * lets a caller leave a gap between several command lines in one field.
     */
    public void tokenize(CharSequence cmdline, int firstPositionIncrement, TokenSink tokenSink) {
        this.sink = tokenSink;
        this.nextIncrement = firstPositionIncrement;
        this.tokenLength = 0;
        this.contentSeen = mode == Mode.QUERY;
        int n = cmdline.length();
        for (int i = 0; i < n; i++) {
            char c = cmdline.charAt(i);
            if (isSeparator(c)) {
                flush();
            } else if (c == '/') {
                if (tokenLength > 0) {
                    flush();
                } else if (contentSeen) {
                    append('/');
                }
            } else {
                append(CaseFolding.fold(c));
                contentSeen = true;
            }
        }
        flush();
        this.sink = null;
    }

    private static boolean isSeparator(char c) {
        if (c <= ' ' || Character.isWhitespace(c)) {
            return true;
        }
        return switch (c) {
            case '\\', '"', '\'', '(', ')', '[', ']', '{', '}', ',', '=', '<', '>', '&', '|', ';' -> true;
            default -> false;
        };
    }

    private void append(char c) {
        if (tokenLength == token.length) {
            token = java.util.Arrays.copyOf(token, tokenLength * 2);
        }
        token[tokenLength++] = c;
    }

    private void flush() {
        int length = tokenLength;
        tokenLength = 0;
        if (length == 0) {
            return;
        }
        int colons = 0;
        for (int i = 0; i < length; i++) {
            if (token[i] == ':') {
                colons++;
            }
        }
        if (colons == 0 || (colons == 1 && token[length - 1] == ':' && length > 1)) {
            word(0, length);
            return;
        }
        int start = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || token[i] == ':') {
                word(start, i - start);
                start = i + 1;
            }
        }
    }

    private void word(int offset, int length) {
        if (length == 0 || (length == 1 && token[offset] == '/')) {
            return;
        }
        sink.token(token, offset, length, nextIncrement);
        nextIncrement = 1;
        if (mode == Mode.INDEX) {
            int end = offset + length;
            for (int i = end - 2; i > offset; i--) {
                if (token[i] == '.') {
                    sink.token(token, i, end - i, 0);
                    break;
                }
            }
        }
    }
}
