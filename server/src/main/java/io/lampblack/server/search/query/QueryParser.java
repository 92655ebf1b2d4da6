package io.lampblack.server.search.query;

import io.lampblack.server.search.schema.FieldCatalog;
import io.lampblack.server.search.schema.FieldRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Recursive-descent parser for the Carbon Black query language (reference §1.1):
 * <pre>
 * query   := orExpr
 * orExpr  := andExpr ( OR andExpr )*                 OR: "OR" "or" "||"
 * andExpr := unary ( [AND] unary )*                  AND: "AND" "and" "&&" or nothing
 * unary   := ( "-" | NOT ) unary | primary           NOT: "NOT" "not"
 * primary := "(" orExpr ")" | FIELD ":" value | WORD | PHRASE
 * value   := "(" orExpr ")" | WORD | PHRASE | "[" bound TO bound "]" | "*"
 * </pre>
 * Precedence is NOT over AND over OR. An empty query, or a bare {@code *}, matches everything.
 * Thread-safe: it only holds the catalogue.
 */
public final class QueryParser {

    /** Deepest nesting of parentheses and negations accepted (real queries nest a handful of levels). */
    static final int MAX_DEPTH = 200;

    private final FieldCatalog catalog;

    public QueryParser(FieldCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** Parses a {@code q} parameter; blank means everything. */
    public QueryNode parse(String query) {
        if (query.isBlank()) {
            return new QueryNode.MatchAll();
        }
        return new Run(new QueryLexer(catalog, query).tokenize()).query();
    }

    /**
     * Parses the value of a {@code cb.q.<field>} or {@code cb.fq.<field>} parameter as one clause
     * on that field. A value starting with {@code (}, {@code "} or {@code [} uses that syntax;
     * anything else is one value, spaces included (the UI sends {@code cb.q.group=Default Group}).
     */
    public QueryNode parseClauseValue(String field, String value) {
        FieldRef ref =
                catalog.resolve(field).orElseThrow(() -> new QuerySyntaxException("unknown field '" + field + "'"));
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            throw new QuerySyntaxException("empty value for field '" + ref.name() + "'");
        }
        if (stripped.equals("*")) {
            return new QueryNode.Exists(ref.name());
        }
        char first = stripped.charAt(0);
        if (first == '(' || first == '"' || first == '[' || first == '{') {
            Run run = new Run(new QueryLexer(catalog, stripped).tokenizeFieldValue(ref.name()));
            QueryNode node = run.primary(Optional.empty());
            run.expectEnd("the value of '" + ref.name() + "' must be a single clause");
            return node;
        }
        return QueryNode.Term.of(ref.name(), QueryLexer.unescape(stripped));
    }

    /** One parse over a token list. */
    private static final class Run {
        private final List<Token> tokens;
        private int index;

        Run(List<Token> tokens) {
            this.tokens = tokens;
        }

        QueryNode query() {
            QueryNode node = or(Optional.empty());
            expectEnd("unexpected input");
            return node;
        }

        void expectEnd(String message) {
            Token token = peek();
            if (token instanceof Token.Close close) {
                throw new QuerySyntaxException("unbalanced parenthesis: ')' has no matching '('", close.position());
            }
            if (!(token instanceof Token.End)) {
                throw new QuerySyntaxException(message, token.position());
            }
        }

        private Token peek() {
            return tokens.get(index);
        }

        private Token next() {
            Token token = tokens.get(index);
            if (!(token instanceof Token.End)) {
                index++;
            }
            return token;
        }

        private static boolean isOperator(Token token, Token.Op op) {
            return token instanceof Token.Operator operator && operator.op() == op;
        }

        private static boolean startsClause(Token token) {
            return switch (token) {
                case Token.Word w -> true;
                case Token.Quoted q -> true;
                case Token.FieldPrefix f -> true;
                case Token.Open o -> true;
                case Token.Operator op -> op.op() == Token.Op.NOT || op.op() == Token.Op.MINUS;
                default -> false;
            };
        }

        private void requireClauseAfter(Token.Operator operator) {
            if (!startsClause(peek())) {
                throw new QuerySyntaxException(operator.describe() + " is not followed by a term", operator.position());
            }
        }

        /** Nesting so far: deep recursion must end in a syntax error, not a stack overflow. */
        private int depth;

        private QueryNode or(Optional<String> scope) {
            List<QueryNode> clauses = new ArrayList<>();
            clauses.add(and(scope));
            while (isOperator(peek(), Token.Op.OR)) {
                requireClauseAfter((Token.Operator) next());
                clauses.add(and(scope));
            }
            return clauses.size() == 1 ? clauses.getFirst() : new QueryNode.Or(clauses);
        }

        private QueryNode and(Optional<String> scope) {
            List<QueryNode> clauses = new ArrayList<>();
            clauses.add(unary(scope));
            while (true) {
                Token token = peek();
                if (isOperator(token, Token.Op.AND)) {
                    requireClauseAfter((Token.Operator) next());
                    clauses.add(unary(scope));
                } else if (startsClause(token)) {
                    clauses.add(unary(scope));
                } else {
                    break;
                }
            }
            return clauses.size() == 1 ? clauses.getFirst() : new QueryNode.And(clauses);
        }

        private QueryNode unary(Optional<String> scope) {
            Token token = peek();
            if (token instanceof Token.Operator operator) {
                if (operator.op() == Token.Op.NOT || operator.op() == Token.Op.MINUS) {
                    next();
                    requireClauseAfter(operator);
                    if (++depth > MAX_DEPTH) {
                        throw new QuerySyntaxException(
                                "negations nested deeper than " + MAX_DEPTH + " levels", operator.position());
                    }
                    QueryNode negated = new QueryNode.Not(unary(scope));
                    depth--;
                    return negated;
                }
                throw new QuerySyntaxException(operator.describe() + " has no term before it", operator.position());
            }
            return primary(scope);
        }

        QueryNode primary(Optional<String> scope) {
            Token token = next();
            return switch (token) {
                case Token.Open open -> group(open, scope);
                case Token.Close close ->
                    throw new QuerySyntaxException("unbalanced parenthesis: ')' has no matching '('", close.position());
                case Token.Word word ->
                    word.text().equals("*")
                            ? scope.<QueryNode>map(QueryNode.Exists::new).orElseGet(QueryNode.MatchAll::new)
                            : new QueryNode.Term(scope, word.text());
                case Token.Quoted quoted -> new QueryNode.Phrase(scope, quoted.text());
                case Token.FieldPrefix prefix -> fieldValue(prefix);
                case Token.End end ->
                    throw new QuerySyntaxException("the query ends where a term was expected", end.position());
                case Token.RangeBounds range ->
                    throw new QuerySyntaxException("a range needs a field, as in 'start:[a TO b]'", range.position());
                case Token.Operator operator ->
                    throw new QuerySyntaxException(
                            operator.describe() + " is not followed by a term", operator.position());
            };
        }

        private QueryNode fieldValue(Token.FieldPrefix prefix) {
            String field = prefix.name();
            Token token = next();
            return switch (token) {
                case Token.Open open -> new QueryNode.FieldGroup(field, group(open, Optional.of(field)));
                case Token.Word word ->
                    word.text().equals("*") ? new QueryNode.Exists(field) : QueryNode.Term.of(field, word.text());
                case Token.Quoted quoted -> QueryNode.Phrase.of(field, quoted.text());
                case Token.RangeBounds range ->
                    new QueryNode.Range(
                            field, range.lower(), range.upper(), range.includeLower(), range.includeUpper());
                default -> throw new QuerySyntaxException("'" + field + ":' has no value", prefix.position());
            };
        }

        private QueryNode group(Token.Open open, Optional<String> scope) {
            if (peek() instanceof Token.Close) {
                throw new QuerySyntaxException("empty parentheses", open.position());
            }
            if (++depth > MAX_DEPTH) {
                throw new QuerySyntaxException(
                        "parentheses nested deeper than " + MAX_DEPTH + " levels", open.position());
            }
            QueryNode body = or(scope);
            depth--;
            if (!(peek() instanceof Token.Close)) {
                throw new QuerySyntaxException("unbalanced parenthesis: '(' is never closed", open.position());
            }
            next();
            return body;
        }
    }
}
