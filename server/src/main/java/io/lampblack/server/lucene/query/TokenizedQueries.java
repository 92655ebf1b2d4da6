package io.lampblack.server.lucene.query;

import io.lampblack.server.search.schema.CmdlineTokenizer;
import io.lampblack.server.search.schema.DomainTokenizer;
import io.lampblack.server.search.schema.FieldSpec;
import io.lampblack.server.search.schema.TextTokenizer;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.spans.SpanMultiTermQueryWrapper;
import org.apache.lucene.queries.spans.SpanNearQuery;
import org.apache.lucene.queries.spans.SpanQuery;
import org.apache.lucene.queries.spans.SpanTermQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Positional fields (command lines, domains, text): the query value is tokenized the way the index
 * was, and several tokens must appear consecutively. A token with wildcards inside a
 * multi-token value needs span queries, since a phrase query cannot hold patterns.
 */
final class TokenizedQueries implements KindQueries {

    private final Wildcards wildcards;

    TokenizedQueries(Wildcards wildcards) {
        this.wildcards = wildcards;
    }

    @Override
    public Query term(FieldSpec field, String text, String clause) {
        return tokens(field, tokenize(field, text), clause, true);
    }

    @Override
    public Query phrase(FieldSpec field, String text, String clause) {
        return tokens(field, tokenize(field, text), clause, false);
    }

    private static List<String> tokenize(FieldSpec field, String text) {
        return switch (field.kind()) {
            case DOMAIN -> DomainTokenizer.queryTokens(text);
            case TEXT -> TextTokenizer.queryTokens(text);
            default -> CmdlineTokenizer.queryTokens(text);
        };
    }

    private Query tokens(FieldSpec field, List<String> tokens, String clause, boolean patterns) {
        String name = field.name();
        if (tokens.isEmpty()) {
            return new MatchNoDocsQuery("no searchable token in '" + clause + "'");
        }
        boolean anyPattern = patterns && tokens.stream().anyMatch(Wildcards::has);
        if (tokens.size() == 1) {
            return anyPattern
                    ? wildcards.pattern(name, tokens.getFirst(), clause)
                    : new TermQuery(new Term(name, tokens.getFirst()));
        }
        if (!anyPattern) {
            return new PhraseQuery(name, tokens.toArray(String[]::new));
        }
        SpanQuery[] spans = new SpanQuery[tokens.size()];
        for (int i = 0; i < spans.length; i++) {
            String token = tokens.get(i);
            spans[i] = Wildcards.has(token)
                    ? new SpanMultiTermQueryWrapper<>(wildcards.pattern(name, token, clause))
                    : new SpanTermQuery(new Term(name, token));
        }
        return new SpanNearQuery(spans, 0, true);
    }
}
