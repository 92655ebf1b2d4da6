package io.lampblack.server.ingress;

import java.util.Locale;

/**
 * A filter pattern: {@code *} stands for any run of characters (path separators included), {@code ?} for exactly
 * one; everything else is literal and compared without regard to case (Windows paths and command lines are not
 * case-sensitive, and Carbon Black's own path queries are not either). A pattern matches the whole text: {@code
 * c:\windows\*} matches everything under that folder, {@code *\svchost.exe} the file in any folder.
 */
final class Wildcard {

    private final String pattern;
    private final boolean literal;

    private Wildcard(String pattern) {
        this.pattern = pattern;
        this.literal = pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
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
        if (literal) return pattern.equals(lowered);
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
