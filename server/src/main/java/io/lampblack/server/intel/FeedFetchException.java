package io.lampblack.server.intel;

/**
 * A feed document that could not be fetched: unreachable, refused, an HTTP error, a TLS failure, or too slow.
 * {@link #timedOut()} tells a timeout apart (Carbon Black answers 408 for it).
 */
public final class FeedFetchException extends Exception {

    private final boolean timedOut;

    public FeedFetchException(String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
