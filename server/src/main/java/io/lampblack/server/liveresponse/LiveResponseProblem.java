package io.lampblack.server.liveresponse;

import io.lampblack.server.problem.Problem;

/** A live-response request refused: an unknown or closed session, a sensor that cannot take one, a limit reached. */
public final class LiveResponseProblem extends RuntimeException implements Problem {

    private final Kind kind;
    private final String reason;

    public LiveResponseProblem(Kind kind, String reason, String message) {
        super(message);
        this.kind = kind;
        this.reason = reason;
    }

    /** An unknown session, command or file; the message starts with what was not found ("Session 3 ..."). */
    public static LiveResponseProblem notFound(String reason, String message) {
        return new LiveResponseProblem(Kind.NOT_FOUND, reason, message);
    }

    public static LiveResponseProblem invalid(String reason, String message) {
        return new LiveResponseProblem(Kind.INVALID, reason, message);
    }

    public static LiveResponseProblem conflict(String reason, String message) {
        return new LiveResponseProblem(Kind.CONFLICT, reason, message);
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String reason() {
        return reason;
    }
}
