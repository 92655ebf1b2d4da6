package io.lampblack.protocol;

/**
 * An event-log upload that cannot be accepted. Sealed so that the HTTP layer can map each cause to its status
 * exhaustively: {@link MalformedEventLogException} is the client's fault (400), {@link EventLogTooLargeException}
 * a policy limit (413).
 */
public abstract sealed class EventLogException extends Exception
        permits MalformedEventLogException, EventLogTooLargeException {

    EventLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
