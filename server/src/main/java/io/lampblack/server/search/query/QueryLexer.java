package io.lampblack.server.search.query;

import io.lampblack.server.search.schema.FieldCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Splits Carbon Black query text into tokens (reference §1.1–1.2).
 *
 * <p>Escaping is Carbon Black's, not Lucene's: a backslash escapes only whitespace, {@code (},
 * {@code )} and {@code "}; every other backslash is literal, so {@code c:\windows\*} and
 * {@code \\test\blah} reach the field unchanged. {@code name:} starts a field clause only when the
 * catalogue knows {@code name}, which keeps {@code c:\program} a plain term. A leading {@code -}
 * negates; a {@code -} inside a token or at the start of a field's value is literal. A leading
 * {@code +} is accepted and ignored (AND is the default anyway); {@code &&} and {@code ||} are
 * read as AND and OR. Not thread-safe; create one per query.
 */
final class QueryLexer {

    private final FieldCatalog catalog;
    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    QueryLexer(FieldCatalog catalog, String text) {
        this.catalog = catalog;
        this.text = text;
    }

    /** Tokens of a whole query. */
    List<Token> tokenize() {
        lexRest();
        return tokens;
    }

    /** Tokens of {@code field:value} where the value is given on its own (a {@code cb.q.*} parameter). */
    List<Token> tokenizeFieldValue(String field) {
        tokens.add(new Token.FieldPrefix(field, 0));
        lexValue(field, 0);
        lexRest();
        return tokens;
    }

    private void lexRest() {
        while (true) {
            skipWhitespace();
            if (pos >= text.length()) {
                break;
            }
            lexToken();
        }
        tokens.add(new Token.End(text.length()));
    }

    private void lexToken() {
        char c = text.charAt(pos);
        switch (c) {
            case '(' -> tokens.add(new Token.Open(pos++));
            case ')' -> tokens.add(new Token.Close(pos++));
            case '"' -> tokens.add(quoted());
            case '-' -> {
                if (pos + 1 >= text.length() || isWhitespace(text.charAt(pos + 1))) {
                    throw new QuerySyntaxException("'-' must be directly followed by the term it negates", pos);
                }
                tokens.add(new Token.Operator(Token.Op.MINUS, pos++));
            }
            case '+' -> {
                if (pos + 1 < text.length() && !isWhitespace(text.charAt(pos + 1))) {
                    pos++;
                } else {
                    tokens.add(word());
                }
            }
            default -> {
                int colon = knownFieldColon();
                if (colon >= 0) {
                    String field = text.substring(pos, colon).toLowerCase(Locale.ROOT);
                    tokens.add(new Token.FieldPrefix(field, pos));
                    pos = colon + 1;
                    lexValue(field, colon);
                } else {
                    tokens.add(operatorOrWord());
                }
            }
        }
    }

    /** The offset of the ':' ending a known field name that starts here, or -1. */
    private int knownFieldColon() {
        int end = pos;
        while (end < text.length() && isFieldNameChar(text.charAt(end))) {
            end++;
        }
        if (end == pos || end >= text.length() || text.charAt(end) != ':') {
            return -1;
        }
        return catalog.isField(text.substring(pos, end)) ? end : -1;
    }

    private static boolean isFieldNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** The value right after {@code field:}: a group, phrase, range or word; never an operator. */
    private void lexValue(String field, int colon) {
        if (pos >= text.length() || isWhitespace(text.charAt(pos)) || text.charAt(pos) == ')') {
            throw new QuerySyntaxException("'" + field + ":' has no value", colon);
        }
        char c = text.charAt(pos);
        switch (c) {
            case '(' -> tokens.add(new Token.Open(pos++));
            case '"' -> tokens.add(quoted());
            case '[', '{' -> tokens.add(range(field));
            default -> tokens.add(word());
        }
    }

    private Token operatorOrWord() {
        int start = pos;
        int before = pos;
        Token.Word word = word();
        boolean escaped = pos - before != word.text().length();
        if (!escaped) {
            switch (word.text()) {
                case "AND", "and", "&&" -> {
                    return new Token.Operator(Token.Op.AND, start);
                }
                case "OR", "or", "||" -> {
                    return new Token.Operator(Token.Op.OR, start);
                }
                case "NOT", "not" -> {
                    return new Token.Operator(Token.Op.NOT, start);
                }
                default -> {}
            }
        }
        return word;
    }

    /** A run of characters up to unescaped whitespace or parenthesis. */
    private Token.Word word() {
        int start = pos;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (isWhitespace(c) || c == '(' || c == ')') {
                break;
            }
            appendMaybeEscaped(out);
        }
        return new Token.Word(out.toString(), start);
    }

    private Token.Quoted quoted() {
        int start = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            if (text.charAt(pos) == '"') {
                pos++;
                if (out.toString().isBlank()) {
                    throw new QuerySyntaxException("empty phrase \"\"", start);
                }
                return new Token.Quoted(out.toString(), start);
            }
            appendMaybeEscaped(out);
        }
        throw new QuerySyntaxException("phrase is not closed with '\"'", start);
    }

    private Token.RangeBounds range(String field) {
        int start = pos;
        boolean includeLower = text.charAt(pos) == '[';
        pos++;
        skipWhitespace();
        Optional<String> lower = bound(field, start);
        skipWhitespace();
        boolean to = text.regionMatches(true, pos, "TO", 0, 2)
                && (pos + 2 == text.length() || isWhitespace(text.charAt(pos + 2)));
        if (!to) {
            throw new QuerySyntaxException("range on '" + field + "' expects 'TO' after its lower bound", start);
        }
        pos += 2;
        skipWhitespace();
        Optional<String> upper = bound(field, start);
        skipWhitespace();
        if (pos >= text.length() || (text.charAt(pos) != ']' && text.charAt(pos) != '}')) {
            throw new QuerySyntaxException("range on '" + field + "' is not closed with ']'", start);
        }
        boolean includeUpper = text.charAt(pos) == ']';
        pos++;
        return new Token.RangeBounds(lower, upper, includeLower, includeUpper, start);
    }

    /** One range bound; empty for {@code *}. */
    private Optional<String> bound(String field, int rangeStart) {
        if (pos >= text.length()) {
            throw new QuerySyntaxException("range on '" + field + "' is not closed with ']'", rangeStart);
        }
        if (text.charAt(pos) == '"') {
            return Optional.of(quoted().text());
        }
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (isWhitespace(c) || c == ']' || c == '}') {
                break;
            }
            appendMaybeEscaped(out);
        }
        if (out.isEmpty()) {
            throw new QuerySyntaxException("range on '" + field + "' is missing a bound", rangeStart);
        }
        String value = out.toString();
        return value.equals("*") ? Optional.empty() : Optional.of(value);
    }

    /** Appends the character at {@code pos}, or the escaped one when a backslash escapes it. */
    private void appendMaybeEscaped(StringBuilder out) {
        char c = text.charAt(pos);
        if (c == '\\' && pos + 1 < text.length() && isEscapable(text.charAt(pos + 1))) {
            out.append(text.charAt(pos + 1));
            pos += 2;
        } else {
            out.append(c);
            pos++;
        }
    }

    /** The only characters a backslash escapes; anything else keeps its backslash (paths). */
    static boolean isEscapable(char c) {
        return isWhitespace(c) || c == '(' || c == ')' || c == '"';
    }

    static boolean isWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** Removes escapes from a whole value given on its own (no splitting). */
    static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && isEscapable(value.charAt(i + 1))) {
                out.append(value.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private void skipWhitespace() {
        while (pos < text.length() && isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
