package io.lampblack.server.search;

import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.schema.CaseFolding;
import io.lampblack.server.search.schema.CmdlineTokenizer;
import io.lampblack.server.search.schema.DomainTokenizer;
import io.lampblack.server.search.schema.FieldCatalog;
import io.lampblack.server.search.schema.FieldKind;
import io.lampblack.server.search.schema.FieldRef;
import io.lampblack.server.search.schema.FieldSpec;
import io.lampblack.server.search.schema.PathNormalizer;
import io.lampblack.server.search.schema.TextTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Carbon Black's highlights (reference §1.4): for each stored value of a result row that a term or phrase of the
 * query matches, the value with the matched part wrapped as {@code PREPREPRE…POSTPOSTPOST}, and the ids of the rows
 * holding it (process search: segment unique ids; binary search: MD5s). Values are re-matched here by each field kind's rules (the index only says which rows match, not
 * which values), on the values of the page's rows only.
 */
public final class Highlighter {

    public static final String PRE = "PREPREPRE";
    public static final String POST = "POSTPOSTPOST";

    /** One value of a result row, with the field it came from. */
    public record Value(String field, String text) {}

    private record Clause(FieldSpec field, String text, boolean phrase) {}

    private final List<Clause> clauses = new ArrayList<>();

    /** The term and phrase clauses of {@code query} (ranges and existence clauses highlight nothing). */
    public Highlighter(QueryNode query, FieldCatalog catalog) {
        for (QueryNode.Leaf leaf : positiveLeaves(query)) {
            String text = switch (leaf) {
                case QueryNode.Term t -> t.text();
                case QueryNode.Phrase p -> p.text();
                default -> null;
            };
            if (text == null || text.isBlank()) continue;
            boolean phrase = leaf instanceof QueryNode.Phrase;
            if (leaf.fieldName().isEmpty()) {
                for (FieldSpec f : catalog.defaultFields()) clauses.add(new Clause(f, text, phrase));
            } else {
                FieldRef ref = catalog.resolve(leaf.fieldName().get()).orElse(null);
                if (!(ref instanceof FieldSpec spec)) continue;
                if (!spec.unionOf().isEmpty()) {
                    for (String member : spec.unionOf()) {
                        catalog.resolve(member)
                                .filter(FieldSpec.class::isInstance)
                                .ifPresent(m -> clauses.add(new Clause((FieldSpec) m, text, phrase)));
                    }
                } else {
                    clauses.add(new Clause(spec, text, phrase));
                }
            }
        }
    }

    /** Whether there is anything to highlight at all. */
    public boolean isEmpty() {
        return clauses.isEmpty();
    }

    /** Whether a clause may match values of {@code field} (so the caller knows which values to gather). */
    public boolean wants(String field) {
        for (Clause c : clauses) if (c.field.name().equals(field)) return true;
        return false;
    }

    /** Highlight entries ({@code name}, {@code ids}) for the rows' values, in first-seen order. */
    public List<Map<String, Object>> highlight(Map<String, List<Value>> valuesById) {
        Map<String, Set<String>> idsByName = new LinkedHashMap<>();
        valuesById.forEach((id, values) -> {
            for (Value v : values) {
                String marked = mark(v);
                if (marked != null)
                    idsByName
                            .computeIfAbsent(marked, k -> new LinkedHashSet<>())
                            .add(id);
            }
        });
        List<Map<String, Object>> out = new ArrayList<>();
        idsByName.forEach((name, ids) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", name);
            e.put("ids", List.copyOf(ids));
            out.add(e);
        });
        return out;
    }

    /** {@code value} of {@code field} with its matched part wrapped, or null when no clause matches it. */
    public String markValue(String field, String value) {
        return mark(new Value(field, value));
    }

    /** The value with its matched part wrapped, or null when no clause matches it. */
    String mark(Value v) {
        for (Clause c : clauses) {
            if (!c.field.name().equals(v.field())) continue;
            String marked = mark(c, v.text());
            if (marked != null) return marked;
        }
        return null;
    }

    private static String mark(Clause c, String value) {
        if (value == null || value.isEmpty()) return null;
        return switch (c.field.kind()) {
            case KEYWORD, MD5, SHA256, USERNAME, GUID, SIGN, STATUS, CROSSPROC_TYPE -> keyword(c, value);
            case PATH, REGMOD_PATH -> path(c, value);
            case CMDLINE -> tokens(c, value, CmdlineTokenizer.indexTokens(value), CmdlineTokenizer.queryTokens(c.text));
            case TEXT -> tokens(c, value, TextTokenizer.indexTokens(value), TextTokenizer.queryTokens(c.text));
            case DOMAIN -> domain(c, value);
            default -> null;
        };
    }

    private static String keyword(Clause c, String value) {
        String v = CaseFolding.fold(value).strip();
        String t = CaseFolding.fold(c.text).strip();
        boolean hit = matches(t, v);
        if (!hit && c.field.kind() == FieldKind.USERNAME) {
            int slash = v.lastIndexOf('\\');
            if (slash >= 0 && matches(t, v.substring(slash + 1))) {
                return value.substring(0, slash + 1) + PRE + value.substring(slash + 1) + POST;
            }
        }
        return hit ? PRE + value + POST : null;
    }

    /** A path matches through one of its right-anchored sub-paths; that trailing part is wrapped. */
    private static String path(Clause c, String value) {
        PathNormalizer n =
                c.field.kind() == FieldKind.REGMOD_PATH ? PathNormalizer.forRegistry() : PathNormalizer.forFiles();
        String t = n.normalized(c.text);
        for (String sub : n.subPathList(value)) {
            if (!matches(t, sub)) continue;
            String trimmed = value.strip();
            // Folding controlset00N to currentcontrolset changes lengths; then the whole key is wrapped.
            boolean folded = c.field.kind() == FieldKind.REGMOD_PATH
                    && trimmed.toLowerCase(Locale.ROOT).contains("controlset00");
            if (sub.length() > trimmed.length() || folded) return PRE + value + POST;
            int at = trimmed.length() - sub.length();
            return trimmed.substring(0, at) + PRE + trimmed.substring(at) + POST;
        }
        return null;
    }

    /** Command lines: a token (or a run of tokens, for a phrase) matches; its text is wrapped where it occurs. */
    private static String tokens(Clause c, String value, List<String> indexed, List<String> wanted) {
        if (wanted.isEmpty()) return null;
        boolean hit = false;
        for (int i = 0; i + wanted.size() <= indexed.size() && !hit; i++) {
            boolean all = true;
            for (int j = 0; j < wanted.size() && all; j++) all = matches(wanted.get(j), indexed.get(i + j));
            hit = all;
        }
        if (!hit) return null;
        return wrapOccurrences(value, wanted);
    }

    /** Domains: labels matched with the anchoring of reference §2.1 ("foo." first, ".com" last, ".x." middle). */
    private static String domain(Clause c, String value) {
        List<String> wanted = DomainTokenizer.queryTokens(c.text);
        String[] labels = CaseFolding.fold(value).strip().split("\\.");
        for (int i = 0; i + wanted.size() <= labels.length; i++) {
            boolean all = true;
            for (int j = 0; j < wanted.size() && all; j++) all = labelMatches(wanted.get(j), labels, i + j);
            if (all) return wrapOccurrences(value, List.of(c.text.replaceAll("^\\.+|\\.+$", "")));
        }
        return null;
    }

    private static boolean labelMatches(String token, String[] labels, int at) {
        boolean before = token.startsWith(".");
        boolean after = token.endsWith(".") && token.length() > 1;
        String label = token.substring(before ? 1 : 0, token.length() - (after ? 1 : 0));
        if (!matches(label, labels[at])) return false;
        if (before && after) return at > 0 && at < labels.length - 1;
        if (before) return at == labels.length - 1;
        if (after) return at == 0;
        return true;
    }

    /** Wraps every case-insensitive occurrence of the literal parts of {@code parts}; the whole value if none. */
    private static String wrapOccurrences(String value, List<String> parts) {
        String lower = value.toLowerCase(Locale.ROOT);
        boolean[] marked = new boolean[value.length()];
        boolean any = false;
        for (String part : parts) {
            for (String literal : part.split("[*?]")) {
                if (literal.length() < 1) continue;
                String l = literal.toLowerCase(Locale.ROOT);
                for (int at = lower.indexOf(l); at >= 0; at = lower.indexOf(l, at + l.length())) {
                    for (int k = at; k < at + l.length(); k++) marked[k] = true;
                    any = true;
                }
            }
        }
        if (!any) return PRE + value + POST;
        StringBuilder out = new StringBuilder(value.length() + 32);
        for (int i = 0; i < value.length(); i++) {
            if (marked[i] && (i == 0 || !marked[i - 1])) out.append(PRE);
            out.append(value.charAt(i));
            if (marked[i] && (i == value.length() - 1 || !marked[i + 1])) out.append(POST);
        }
        return out.toString();
    }

    /**
     * A (case-folded) query text with {@code *}/{@code ?} wildcards against one (case-folded) indexed value: the
     * classic two-pointer glob match (backtracking only to the last {@code *}), no regular expression to compile per
     * value and no catastrophic backtracking.
     */
    static boolean matches(String pattern, String value) {
        if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) return pattern.equals(value);
        int p = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }

    /** Leaves not under a NOT: a negated clause never makes a row match, so it highlights nothing. */
    private static List<QueryNode.Leaf> positiveLeaves(QueryNode node) {
        List<QueryNode.Leaf> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(QueryNode node, List<QueryNode.Leaf> out) {
        switch (node) {
            case QueryNode.Leaf leaf -> out.add(leaf);
            case QueryNode.And and -> and.clauses().forEach(c -> collect(c, out));
            case QueryNode.Or or -> or.clauses().forEach(c -> collect(c, out));
            case QueryNode.FieldGroup g -> collect(g.body(), out);
            case QueryNode.Not not -> {}
            case QueryNode.MatchAll all -> {}
        }
    }
}
