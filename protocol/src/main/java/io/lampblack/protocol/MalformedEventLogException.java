package io.lampblack.protocol;

/**
 * The upload is not a valid event log: a broken container, bad framing, or a record that is not a complete
 * CbEventMsg. The message names the record index and byte offset so that it can be returned to the sender as is.
 */
public final class MalformedEventLogException extends EventLogException {

    public MalformedEventLogException(String message) {
        super(message, null);
    }

    public MalformedEventLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
