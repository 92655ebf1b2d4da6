package io.lampblack.server.search.query;

import io.lampblack.server.problem.Problem;
import java.util.OptionalInt;

/**
 * A query that cannot be parsed or translated. The message says what is wrong and where, in
 * words meant for the person who typed the query; Carbon Black's reason word for it is {@code query_malformed_syntax}.
 */
public final class QuerySyntaxException extends RuntimeException implements Problem {

    private final int position;

    /** An error at a character offset (0-based) of the query text. */
    public QuerySyntaxException(String message, int position) {
        super(message + " (at position " + position + ")");
        this.position = position;
    }

    /** An error about a clause as a whole, e.g. a value the field cannot hold. */
    public QuerySyntaxException(String message) {
        super(message);
        this.position = -1;
    }

    @Override
    public Kind kind() {
        return Kind.INVALID;
    }

    @Override
    public String reason() {
        return "query_malformed_syntax";
    }

    /** Where in the query text the problem was found, when it is tied to one place. */
    public OptionalInt position() {
        return position < 0 ? OptionalInt.empty() : OptionalInt.of(position);
    }
}
