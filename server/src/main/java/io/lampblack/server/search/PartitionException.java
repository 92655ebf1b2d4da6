package io.lampblack.server.search;

/** A partition operation that cannot be done: an unknown name, or an operation the hot partition does not allow. */
public final class PartitionException extends RuntimeException {

    public enum Reason {
        /** No partition has that name. */
        UNKNOWN,
        /** The hot partition ({@code writer}) cannot be unmounted or deleted: it is where new data goes. */
        HOT
    }

    private final Reason reason;

    public PartitionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
