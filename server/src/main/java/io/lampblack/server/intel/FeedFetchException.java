package io.lampblack.server.intel;

import io.lampblack.server.problem.Problem;

/**
 * A feed document that could not be fetched, or that the server refuses to fetch. The message names the failure
 * (cannot connect, an HTTP status, TLS, a timeout, too large, a refused destination) and never anything the feed
 * server or the file sent: a feed URL pointed at an internal service or a local file must not turn the error
 * answer into a way of reading it. The cause stays attached for the log, never for the caller.
 */
public final class FeedFetchException extends Exception implements Problem {

    /** What went wrong, with the kind and the reason word the caller is given. */
    public enum Failure {
        /** Cannot connect, an HTTP error, TLS failed, the answer broke off, no such file. */
        UNREACHABLE(Kind.REMOTE_FAILED, "feed_unreachable"),
        /** No complete answer within the fetch time limit (Carbon Black's own reason word). */
        TIMEOUT(Kind.REMOTE_TIMEOUT, "feed_timeout"),
        /** The document is larger than {@code --feed-max-bytes}. */
        TOO_LARGE(Kind.REMOTE_FAILED, "feed_too_large"),
        /**
         * The URL leads somewhere feeds may not be read from: a denied network or one of the server's own ports, a
         * file inside the data directory or a system directory, a redirect to another scheme.
         */
        DENIED(Kind.INVALID, "feed_url_denied");

        private final Kind kind;
        private final String reason;

        Failure(Kind kind, String reason) {
            this.kind = kind;
            this.reason = reason;
        }
    }

    private final Failure failure;

    public FeedFetchException(Failure failure, String message) {
        this(failure, message, null);
    }

    public FeedFetchException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }

    public boolean timedOut() {
        return failure == Failure.TIMEOUT;
    }

    @Override
    public Kind kind() {
        return failure.kind;
    }

    @Override
    public String reason() {
        return failure.reason;
    }
}
