package io.lampblack.server.intel;

import io.lampblack.server.problem.Problem;

/**
 * A feed document that could not be fetched: unreachable, refused, an HTTP error, a TLS failure, or too slow.
 * {@link #timedOut()} tells a timeout apart (Carbon Black answers it with its own reason, {@code feed_timeout}).
 */
public final class FeedFetchException extends Exception implements Problem {

    private final boolean timedOut;

    public FeedFetchException(String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }

    @Override
    public Kind kind() {
        return timedOut ? Kind.REMOTE_TIMEOUT : Kind.REMOTE_FAILED;
    }

    @Override
    public String reason() {
        return timedOut ? "feed_timeout" : "feed_unreachable";
    }
}
