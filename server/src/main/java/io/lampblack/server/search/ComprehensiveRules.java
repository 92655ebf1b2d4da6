package io.lampblack.server.search;

import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.schema.ProcessFields;
import java.util.Locale;
import java.util.Set;

/**
 * Which process queries comprehensive search (reference §4) must evaluate per process rather than per segment. The
 * rules read only the query's shape and the process fields it names, so every process index applies them alike;
 * the evaluation itself is the index's ({@code lucene.process.ComprehensiveEvaluator}).
 */
public final class ComprehensiveRules {

    /**
     * Fields fixed by the process GUID itself, so identical on every segment of a process: per-segment and
     * per-process answers coincide. Other metadata (name, path, cmdline, user, host, group, the image MD5) is
     * repeated too, but not reliably: segments written before the start event was seen say {@code (unknown)}, and
     * host name and group follow the sensor record at upload time.
     */
    private static final Set<String> PROCESS_CONSTANT =
            Set.of(ProcessFields.PROCESS_ID, ProcessFields.SENSOR_ID, ProcessFields.PROCESS_PID);

    private ComprehensiveRules() {}

    /**
     * Whether evaluating per process can give a different answer than per segment: some AND or NOT combines
     * clauses that different segments of one process may satisfy separately.
     */
    public static boolean needsJoin(QueryNode node) {
        return hasAndOrNot(node) && !processConstant(node);
    }

    /** Whether the query combines clauses with AND or NOT anywhere. */
    public static boolean hasAndOrNot(QueryNode node) {
        return switch (node) {
            case QueryNode.And and -> true;
            case QueryNode.Not not -> true;
            case QueryNode.Or or -> or.clauses().stream().anyMatch(ComprehensiveRules::hasAndOrNot);
            case QueryNode.FieldGroup g -> hasAndOrNot(g.body());
            case QueryNode.Leaf leaf -> false;
            case QueryNode.MatchAll all -> false;
        };
    }

    /** Whether every clause of the query is on a field fixed by the process GUID. */
    public static boolean processConstant(QueryNode node) {
        for (QueryNode.Leaf leaf : node.leaves()) {
            if (leaf.fieldName().isEmpty()) return false;
            String name = leaf.fieldName().get().toLowerCase(Locale.ROOT);
            if (!PROCESS_CONSTANT.contains(name)) return false;
        }
        return true;
    }
}
