package io.lampblack.server.liveresponse;

/**
 * A command's state as clients see it: pending until the sensor answers, then complete, error or cancel. cbapi keeps
 * polling while it reads anything but complete or error.
 */
public enum CommandStatus {
    PENDING("pending"),
    COMPLETE("complete"),
    ERROR("error"),
    CANCEL("cancel");

    private final String wire;

    CommandStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean done() {
        return this != PENDING;
    }
}
