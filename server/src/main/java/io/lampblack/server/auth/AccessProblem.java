package io.lampblack.server.auth;

import io.lampblack.server.problem.Problem;

/** A change to users or teams refused: a duplicate, the last global administrator, too many failed logins. */
public final class AccessProblem extends RuntimeException implements Problem {

    private final Kind kind;
    private final String reason;
    private final int retryAfterSeconds;

    private AccessProblem(Kind kind, String reason, String message, int retryAfterSeconds) {
        super(message);
        this.kind = kind;
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static AccessProblem conflict(String reason, String message) {
        return new AccessProblem(Kind.CONFLICT, reason, message, 0);
    }

    public static AccessProblem throttled(int retryAfterSeconds) {
        return new AccessProblem(
                Kind.TOO_MANY, "too_many_login_failures", "too many failed logins; try again later", retryAfterSeconds);
    }

    /** Too many password checks under way: the login was not checked. */
    public static AccessProblem busy() {
        return new AccessProblem(
                Kind.TOO_MANY, "login_busy", "too many logins are being checked at once; try again shortly", 1);
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
