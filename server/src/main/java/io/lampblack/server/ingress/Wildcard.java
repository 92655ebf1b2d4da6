package io.lampblack.server.ingress;

import java.util.Locale;

/**
 * A filter pattern: {@code *} stands for any run of characters (path separators included), {@code ?} for exactly
 * one; everything else is literal and compared without regard to case (Windows paths and command lines are not
 * case-sensitive, and Carbon Black's own path queries are not either). A pattern matches the whole text: {@code
 * c:\windows\*} matches everything under that folder, {@code *\svchost.exe} the file in any folder.
 */
final class Wildcard {

    /** The common shapes, answered by one string comparison instead of the general matcher. */
    private enum Shape {
        LITERAL,
        PREFIX,
        SUFFIX,
        INFIX,
        GENERAL
    }

    private final String pattern;
    private final Shape shape;
    private final String literal;

    private Wildcard(String pattern) {
        this.pattern = pattern;
        int n = pattern.length();
        boolean leading = n > 0 && pattern.charAt(0) == '*';
        boolean trailing = n > 1 && pattern.charAt(n - 1) == '*';
        String inner = pattern.substring(leading ? 1 : 0, trailing ? n - 1 : n);
        if (inner.indexOf('*') >= 0 || inner.indexOf('?') >= 0 || (leading && n == 1)) {
            this.shape = Shape.GENERAL;
            this.literal = "";
        } else {
            this.shape = leading ? (trailing ? Shape.INFIX : Shape.SUFFIX) : (trailing ? Shape.PREFIX : Shape.LITERAL);
            this.literal = inner;
        }
    }

    static Wildcard of(String pattern) {
        return new Wildcard(lower(pattern));
    }

    /** Lower case as the patterns are kept: callers lower a text once and test it against many patterns. */
    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /** @param lowered the text, already {@linkplain #lower lowered} */
    boolean matches(String lowered) {
        switch (shape) {
            case LITERAL -> {
                return literal.equals(lowered);
            }
            case PREFIX -> {
                return lowered.startsWith(literal);
            }
            case SUFFIX -> {
                return lowered.endsWith(literal);
            }
            case INFIX -> {
                return lowered.contains(literal);
            }
            case GENERAL -> {
                return general(lowered);
            }
        }
        throw new AssertionError(shape);
    }

    private boolean general(String lowered) {
        // Iterative glob matching: on a mismatch, retry from the last star one character further (linear in
        // practice, never exponential).
        int p = 0, t = 0, star = -1, mark = 0;
        int pn = pattern.length(), tn = lowered.length();
        while (t < tn) {
            if (p < pn && (pattern.charAt(p) == '?' || pattern.charAt(p) == lowered.charAt(t))) {
                p++;
                t++;
            } else if (p < pn && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pn && pattern.charAt(p) == '*') p++;
        return p == pn;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
