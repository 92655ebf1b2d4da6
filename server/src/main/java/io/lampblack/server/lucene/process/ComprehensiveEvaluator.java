package io.lampblack.server.lucene.process;

import io.lampblack.server.lucene.query.QueryTranslator;
import io.lampblack.server.search.ComprehensiveRules;
import io.lampblack.server.search.query.QueryNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/**
 * Comprehensive search (reference §4): a boolean query evaluated per process rather than per segment. Every
 * clause becomes the set of processes having at least one matching segment in scope, the sets are combined with
 * the query's AND, OR and NOT (NOT = every other process in scope), and the answer is every in-scope segment of
 * the resulting processes.
 *
 * <p>Scope is every partition the search opened (so, unlike Carbon Black, a process whose segments straddle a
 * partition boundary is joined whole) narrowed by the request's time window.
 *
 * <p>Cost control: a sub-tree without AND or NOT, or whose clauses are all on fields fixed by the GUID, has the
 * same answer per segment and per process, so it is evaluated as one Lucene query; inside an AND each further
 * clause is evaluated only over the processes still in the running set, and the AND's negated simple clauses are
 * evaluated together as one query.
 */
final class ComprehensiveEvaluator {

    private final QueryTranslator translator;

    ComprehensiveEvaluator(QueryTranslator translator) {
        this.translator = translator;
    }

    /**
     * The segments in {@code scope} of every process matching {@code node} as a whole.
     *
     * @param scope restricts which segments count (time window), or null for all
     */
    Query evaluate(IndexSearcher searcher, QueryNode node, Query scope) throws IOException {
        ProcessSet set = eval(searcher, node, scope, null);
        Query members = membership(set);
        return scope == null
                ? members
                : new BooleanQuery.Builder()
                        .add(members, Occur.MUST)
                        .add(scope, Occur.FILTER)
                        .build();
    }

    private ProcessSet eval(IndexSearcher s, QueryNode node, Query scope, ProcessKeySet restrict) throws IOException {
        if (node instanceof QueryNode.MatchAll) return ProcessSet.all();
        if (!ComprehensiveRules.hasAndOrNot(node) || ComprehensiveRules.processConstant(node)) {
            return ProcessSet.of(collect(s, translator.translate(node), scope, restrict));
        }
        return switch (node) {
            case QueryNode.Not not -> eval(s, not.clause(), scope, restrict).not();
            case QueryNode.FieldGroup group -> eval(s, group.body(), scope, restrict);
            case QueryNode.Or or -> {
                ProcessSet acc = null;
                for (QueryNode c : or.clauses()) {
                    ProcessSet cs = eval(s, c, scope, restrict);
                    acc = acc == null ? cs : acc.or(cs);
                }
                yield acc;
            }
            case QueryNode.And and -> {
                // Positive clauses first: they shrink the running set that later clauses are evaluated over. Simple
                // negated clauses (no AND/NOT inside) become one NOT(a OR b ...): one pass instead of one per clause.
                List<QueryNode> ordered = new ArrayList<>();
                List<QueryNode> simpleNegated = new ArrayList<>();
                List<QueryNode> otherNegated = new ArrayList<>();
                for (QueryNode c : and.clauses()) {
                    if (!(c instanceof QueryNode.Not n)) ordered.add(c);
                    else if (!ComprehensiveRules.hasAndOrNot(n.clause())) simpleNegated.add(n.clause());
                    else otherNegated.add(c);
                }
                if (!simpleNegated.isEmpty()) {
                    ordered.add(new QueryNode.Not(
                            simpleNegated.size() == 1 ? simpleNegated.getFirst() : new QueryNode.Or(simpleNegated)));
                }
                ordered.addAll(otherNegated);
                ProcessSet acc = null;
                for (QueryNode c : ordered) {
                    ProcessKeySet within = acc != null && !acc.complement() ? acc.keys() : restrict;
                    ProcessSet cs = eval(s, c, scope, within);
                    acc = acc == null ? cs : acc.and(cs);
                    if (!acc.complement() && acc.keys().isEmpty()) break;
                }
                yield acc;
            }
            case QueryNode.Leaf leaf -> ProcessSet.of(collect(s, translator.translate(leaf), scope, restrict));
            case QueryNode.MatchAll all -> ProcessSet.all();
        };
    }

    /** A query matching the segments of the processes in {@code set}. */
    static Query membership(ProcessSet set) {
        if (set.keys().isEmpty()) {
            return set.complement() ? new MatchAllDocsQuery() : new MatchNoDocsQuery("no process matches");
        }
        Query listed = NumericDocValuesField.newSlowSetQuery(
                ProcessKeys.FIELD, set.keys().toSortedArray());
        if (!set.complement()) return listed;
        return new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), Occur.MUST)
                .add(listed, Occur.MUST_NOT)
                .build();
    }

    /** The keys of the processes having a segment that matches {@code query} within scope and restriction. */
    static ProcessKeySet collect(IndexSearcher s, Query query, Query scope, ProcessKeySet restrict) throws IOException {
        if (restrict != null && restrict.isEmpty()) return new ProcessKeySet();
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(query, Occur.MUST);
        if (scope != null) b.add(scope, Occur.FILTER);
        if (restrict != null)
            b.add(NumericDocValuesField.newSlowSetQuery(ProcessKeys.FIELD, restrict.toSortedArray()), Occur.FILTER);
        return s.search(b.build(), new KeyCollectorManager());
    }

    /** Collects process keys from doc values, one set per slice, merged at the end. */
    private static final class KeyCollectorManager implements CollectorManager<KeyCollector, ProcessKeySet> {
        @Override
        public KeyCollector newCollector() {
            return new KeyCollector();
        }

        @Override
        public ProcessKeySet reduce(Collection<KeyCollector> collectors) {
            ProcessKeySet out = null;
            for (KeyCollector c : collectors) {
                if (out == null) out = c.keys;
                else out.addAll(c.keys);
            }
            return out == null ? new ProcessKeySet() : out;
        }
    }

    private static final class KeyCollector extends SimpleCollector {
        final ProcessKeySet keys = new ProcessKeySet(1024);
        private NumericDocValues values;

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            values = DocValues.getNumeric(context.reader(), ProcessKeys.FIELD);
        }

        @Override
        public void setScorer(Scorable scorer) {}

        @Override
        public void collect(int doc) throws IOException {
            if (values.advanceExact(doc)) keys.add(values.longValue());
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
