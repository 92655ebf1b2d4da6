package io.lampblack.server.auth;

/**
 * The one authorization decision every REST route passes through. Only global administrators exist in this
 * version, and they may do everything; teams and per-group roles will refine {@link #allows}.
 */
public final class Authorizer {

    /** What a route needs. */
    public enum Right {
        READ,
        WRITE,
        ADMIN
    }

    public boolean allows(User user, Right right) {
        return user.globalAdmin();
    }
}
