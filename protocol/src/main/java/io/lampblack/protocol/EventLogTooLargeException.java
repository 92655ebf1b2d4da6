package io.lampblack.protocol;

/** The upload, once decompressed, exceeds the configured limit (a zip/gzip bomb or simply an oversized log). */
public final class EventLogTooLargeException extends EventLogException {

    private final long limit;

    public EventLogTooLargeException(long limit, String what) {
        super(what + " exceeds the limit of " + limit + " decompressed bytes", null);
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
