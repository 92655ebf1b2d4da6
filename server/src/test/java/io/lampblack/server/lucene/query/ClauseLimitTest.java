package io.lampblack.server.lucene.query;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.search.query.QueryNode;
import io.lampblack.server.search.query.QueryParser;
import io.lampblack.server.search.query.QuerySyntaxException;
import io.lampblack.server.search.schema.BinarySchema;
import io.lampblack.server.search.schema.FieldCatalog;
import io.lampblack.server.search.schema.ProcessSchema;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Queries counted before anything is built: Lucene's clause limit, and the lower limit on wildcard patterns. */
class ClauseLimitTest {

    static {
        // As the server sets it when its process index is loaded (Lucene's own default is 1,024).
        org.apache.lucene.search.IndexSearcher.setMaxClauseCount(16_384);
    }

    private static QueryNode parse(FieldCatalog catalog, String q) {
        return new QueryParser(catalog).parse(q);
    }

    private static String ored(int n, String format) {
        return IntStream.range(0, n).mapToObj(format::formatted).collect(Collectors.joining(" OR "));
    }

    @Test
    void unfieldedTermsCountOncePerDefaultField() {
        // 2,000 unfielded prefix wildcards: two dozen default fields each, far past 16,384 clauses.
        QuerySyntaxException e = assertThrows(
                QuerySyntaxException.class,
                () -> ClauseLimit.check(parse(BinarySchema.INSTANCE, ored(2_000, "w%d*")), BinarySchema.INSTANCE));
        assertTrue(e.getMessage().startsWith("the query expands to more than 16384 clauses"), e.getMessage());
        // The same number of fielded terms is well within it.
        assertDoesNotThrow(() -> ClauseLimit.check(
                parse(ProcessSchema.INSTANCE, ored(2_000, "process_name:w%d")), ProcessSchema.INSTANCE));
    }

    @Test
    void wildcardPatternsHaveTheirOwnLowerLimit() {
        String many = ored(ClauseLimit.MAX_PATTERNS + 1, "process_name:a%d*b");
        QuerySyntaxException e = assertThrows(
                QuerySyntaxException.class,
                () -> ClauseLimit.check(parse(ProcessSchema.INSTANCE, many), ProcessSchema.INSTANCE));
        assertTrue(e.getMessage().startsWith("the query has more than 1024 wildcard patterns"), e.getMessage());
        // Fifty unfielded patterns are fifty times the default fields.
        assertThrows(
                QuerySyntaxException.class,
                () -> ClauseLimit.check(parse(ProcessSchema.INSTANCE, ored(50, "a%d*b")), ProcessSchema.INSTANCE));
        assertDoesNotThrow(() -> ClauseLimit.check(
                parse(ProcessSchema.INSTANCE, ored(ClauseLimit.MAX_PATTERNS, "process_name:a%d*b")),
                ProcessSchema.INSTANCE));
        assertDoesNotThrow(() -> ClauseLimit.check(parse(ProcessSchema.INSTANCE, "a* b* c*"), ProcessSchema.INSTANCE));
    }
}
