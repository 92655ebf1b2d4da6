package io.lampblack.server.liveresponse;

/**
 * A session's state as clients see it ({@code status}): pending until the sensor takes it up, active while it is
 * open, then closed by a client, timed out, or failed.
 */
public enum SessionStatus {
    PENDING("pending"),
    ACTIVE("active"),
    CLOSE("close"),
    TIMEOUT("timeout"),
    ERROR("error");

    private final String wire;

    SessionStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Pending or active: the session still takes commands. */
    public boolean open() {
        return this == PENDING || this == ACTIVE;
    }
}
