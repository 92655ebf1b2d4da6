package io.lampblack.server.lucene.query;

import io.lampblack.server.search.query.QuerySyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.AutomatonQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * {@code *} (any run) and {@code ?} (one character) patterns over already-normalised terms. The
 * automaton is built from the pattern directly rather than through {@code WildcardQuery}, whose
 * backslash escape would misread Windows paths.
 */
final class Wildcards {

    static final String LEADING_WILDCARD_SETTING =
            "--allow-leading-wildcards (./lampblack server --allow-leading-wildcards true)";

    private final boolean allowLeading;

    Wildcards(boolean allowLeading) {
        this.allowLeading = allowLeading;
    }

    static boolean has(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    /**
     * A pattern starting with a wildcard has to scan every term of the field. Carbon Black
     * blocks such "high-impact" queries by default since 6.2.3, and so do we.
     */
    void checkLeading(String pattern, String clause) {
        if (!allowLeading && !pattern.isEmpty() && (pattern.charAt(0) == '*' || pattern.charAt(0) == '?')) {
            throw new QuerySyntaxException("leading wildcard in '" + clause + "' is blocked by default because it"
                    + " scans every term of the field (high-impact query); the server setting "
                    + LEADING_WILDCARD_SETTING + " enables it");
        }
    }

    /** A term query, or a pattern query when {@code normalized} has wildcards. */
    Query termOrPattern(String field, String normalized, String clause) {
        if (!has(normalized)) {
            return new TermQuery(new Term(field, normalized));
        }
        return pattern(field, normalized, clause);
    }

    AutomatonQuery pattern(String field, String pattern, String clause) {
        checkLeading(pattern, clause);
        return new AutomatonQuery(new Term(field, pattern), automaton(pattern, clause));
    }

    private static Automaton automaton(String pattern, String clause) {
        List<Automaton> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean lastWasStar = false;
        for (int i = 0; i < pattern.length(); ) {
            int codePoint = pattern.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint == '*' || codePoint == '?') {
                if (!literal.isEmpty()) {
                    parts.add(Automata.makeString(literal.toString()));
                    literal.setLength(0);
                }
                if (codePoint == '*') {
                    if (!lastWasStar) {
                        parts.add(Automata.makeAnyString());
                    }
                    lastWasStar = true;
                } else {
                    parts.add(Automata.makeAnyChar());
                    lastWasStar = false;
                }
            } else {
                literal.appendCodePoint(codePoint);
                lastWasStar = false;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(Automata.makeString(literal.toString()));
        }
        try {
            return Operations.determinize(Operations.concatenate(parts), Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
        } catch (TooComplexToDeterminizeException e) {
            throw new QuerySyntaxException("wildcard pattern in '" + clause + "' is too complex");
        }
    }
}
