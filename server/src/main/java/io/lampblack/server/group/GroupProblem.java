package io.lampblack.server.group;

import io.lampblack.server.problem.Problem;

/** A change to groups, sites, throttles or data sharing that cannot be made: unknown, duplicate, still in use. */
public final class GroupProblem extends RuntimeException implements Problem {

    private final Kind kind;
    private final String reason;

    public GroupProblem(Kind kind, String reason, String message) {
        super(message);
        this.kind = kind;
        this.reason = reason;
    }

    static GroupProblem notFound(String what) {
        return new GroupProblem(Kind.NOT_FOUND, "not_found", what + " does not exist");
    }

    static GroupProblem duplicate(String what) {
        return new GroupProblem(Kind.CONFLICT, "duplicate_name", what + " exists already");
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
