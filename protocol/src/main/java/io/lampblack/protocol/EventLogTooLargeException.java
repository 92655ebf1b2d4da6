package io.lampblack.protocol;

/**
 * The upload, once decompressed, exceeds a configured limit: too many bytes (a zip/gzip bomb or simply an oversized
 * log) or too many events (a bomb of minimal records).
 */
public final class EventLogTooLargeException extends EventLogException {

    private final long limit;

    /** Over the limit on decompressed bytes; {@code what} names the source ("Gzip event log"). */
    public EventLogTooLargeException(long limit, String what) {
        this(limit, what + " exceeds the limit of " + limit + " decompressed bytes", null);
    }

    private EventLogTooLargeException(long limit, String message, Void unused) {
        super(message, null);
        this.limit = limit;
    }

    /** Over the limit on events per upload. */
    public static EventLogTooLargeException tooManyEvents(long limit) {
        return new EventLogTooLargeException(limit, "Event log has more than " + limit + " events, the limit", null);
    }

    public long limit() {
        return limit;
    }
}
