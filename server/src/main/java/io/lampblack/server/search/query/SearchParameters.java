package io.lampblack.server.search.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The query-forming parameters of a search request (reference §1.3): {@code q}, every
 * {@code cb.q.<field>=<value>} criterion (what the UI's search widgets and watchlists add) and
 * every {@code cb.fq.<field>=<value>} facet filter. Together they make one query: all ANDed, so
 * {@code q=process_name:cmd.exe&cb.q.filemod=x} equals {@code process_name:cmd.exe filemod:x}.
 * Several {@code cb.fq} values for one field are ORed, since they are several facet values
 * ticked for that field; an absent or blank {@code q} matches everything.
 *
 * @param queries      the {@code q} values (normally one)
 * @param criteria     {@code cb.q.*} criteria, in request order
 * @param facetFilters {@code cb.fq.*} filters, in request order
 */
public record SearchParameters(List<String> queries, List<Criterion> criteria, List<Criterion> facetFilters) {

    public static final String QUERY = "q";
    public static final String CRITERION_PREFIX = "cb.q.";
    public static final String FACET_FILTER_PREFIX = "cb.fq.";

    /** One {@code <field>=<value>} parameter. */
    public record Criterion(String field, String value) {
        public Criterion {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }
    }

    public SearchParameters {
        queries = List.copyOf(queries);
        criteria = List.copyOf(criteria);
        facetFilters = List.copyOf(facetFilters);
    }

    /** Picks the query parameters out of all request parameters (name → values); other names are ignored. */
    public static SearchParameters from(Map<String, ? extends List<String>> parameters) {
        List<String> queries = new ArrayList<>();
        List<Criterion> criteria = new ArrayList<>();
        List<Criterion> filters = new ArrayList<>();
        parameters.forEach((name, values) -> {
            if (name.equals(QUERY)) {
                queries.addAll(values);
            } else if (name.startsWith(CRITERION_PREFIX) && name.length() > CRITERION_PREFIX.length()) {
                values.forEach(v -> criteria.add(new Criterion(name.substring(CRITERION_PREFIX.length()), v)));
            } else if (name.startsWith(FACET_FILTER_PREFIX) && name.length() > FACET_FILTER_PREFIX.length()) {
                values.forEach(v -> filters.add(new Criterion(name.substring(FACET_FILTER_PREFIX.length()), v)));
            }
        });
        return new SearchParameters(queries, criteria, filters);
    }

    /**
     * The combined query.
     *
     * @throws QuerySyntaxException when {@code q} or a value is malformed or names an unknown field
     */
    public QueryNode toQuery(QueryParser parser) {
        List<QueryNode> clauses = new ArrayList<>();
        for (String q : queries) {
            QueryNode node = parser.parse(q);
            if (!(node instanceof QueryNode.MatchAll)) {
                clauses.add(node);
            }
        }
        for (Criterion criterion : criteria) {
            if (!criterion.value().isBlank()) {
                clauses.add(parser.parseClauseValue(criterion.field(), criterion.value()));
            }
        }
        Map<String, List<QueryNode>> filtersByField = new LinkedHashMap<>();
        for (Criterion filter : facetFilters) {
            if (!filter.value().isBlank()) {
                filtersByField
                        .computeIfAbsent(filter.field(), f -> new ArrayList<>())
                        .add(parser.parseClauseValue(filter.field(), filter.value()));
            }
        }
        for (List<QueryNode> values : filtersByField.values()) {
            clauses.add(values.size() == 1 ? values.getFirst() : new QueryNode.Or(values));
        }
        return switch (clauses.size()) {
            case 0 -> new QueryNode.MatchAll();
            case 1 -> clauses.getFirst();
            default -> new QueryNode.And(clauses);
        };
    }
}
