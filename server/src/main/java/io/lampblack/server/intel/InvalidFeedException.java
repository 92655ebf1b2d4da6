package io.lampblack.server.intel;

/** A feed document that does not follow the Carbon Black feed format; the message names where and why. */
public final class InvalidFeedException extends Exception {

    public InvalidFeedException(String message) {
        super(message);
    }
}
