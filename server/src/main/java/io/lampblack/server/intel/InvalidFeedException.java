package io.lampblack.server.intel;

import io.lampblack.server.problem.Problem;

/**
 * A feed document that does not follow the Carbon Black feed format; the message names where and why. A conflict,
 * not invalid input, as Carbon Black has it: the request was well-formed, the document its URL serves is not a feed.
 */
public final class InvalidFeedException extends Exception implements Problem {

    public InvalidFeedException(String message) {
        super(message);
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }

    @Override
    public String reason() {
        return "invalid_feed";
    }

    /** The message alone names a place in the document ({@code reports[3].iocs: missing}); the caller is told more. */
    @Override
    public String message() {
        return "not a valid feed: " + getMessage();
    }
}
