package io.lampblack.server.problem;

/**
 * A failure the caller caused or can act on, said in domain words: what {@linkplain Kind kind} of thing went wrong,
 * a stable reason word, and a message for the person who sent the request.
 *
 * <p>Domain exceptions implement this, checked or unchecked as suits their callers (an upload refused is checked, a
 * malformed query is not). They say nothing about transport: the REST API's error mapper turns the kind into an HTTP
 * status, so a new edge (a CLI, a bus consumer) can map the same failures its own way.
 *
 * <p>Anything that is not a {@code Problem} is unexpected: the edge reports it as an internal error, logged with an
 * id, and never shows the caller its message.
 */
public interface Problem {

    /** What went wrong, as far as the caller is concerned. */
    enum Kind {
        /** The request itself is wrong: malformed input, a value out of range, a query that does not parse. */
        INVALID,
        /** It names something that does not exist. */
        NOT_FOUND,
        /** It cannot be done in the current state of things: exists already, disabled, in use. */
        CONFLICT,
        /** What was sent exceeds a configured limit. */
        TOO_LARGE,
        /** It cannot be done now, through no fault of the request; the same request may succeed later. */
        UNAVAILABLE,
        /** The caller has too much under way already; the same request may succeed once some of it is done. */
        TOO_MANY,
        /** A remote source it depends on (a feed server) did not answer in time. */
        REMOTE_TIMEOUT,
        /** A remote source it depends on could not be reached or answered with an error. */
        REMOTE_FAILED
    }

    Kind kind();

    /**
     * The reason word clients see and may test for ({@code query_malformed_syntax}, {@code malformed_upload}): part of
     * the API contract, so it never changes once published.
     */
    String reason();

    /** The exception's own message (every implementation is a {@link Throwable}). */
    String getMessage();

    /**
     * Seconds after which the same request is worth trying again (for {@link Kind#UNAVAILABLE} and
     * {@link Kind#TOO_MANY}); 0 = no advice.
     */
    default int retryAfterSeconds() {
        return 0;
    }

    /**
     * What the caller is told: the exception's message, unless a type says more to a caller than to the code that
     * catches it. Written for the person who sent the request; never internals such as file paths or stack frames.
     */
    default String message() {
        return getMessage();
    }
}
