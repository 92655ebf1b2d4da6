package io.lampblack.server.ingress;

import io.lampblack.server.problem.Problem;

/** A change to the ingress filters that cannot be made: an unknown id, or an id that exists already. */
public final class FilterRefused extends RuntimeException implements Problem {

    private final Kind kind;
    private final String reason;

    private FilterRefused(Kind kind, String reason, String message) {
        super(message);
        this.kind = kind;
        this.reason = reason;
    }

    static FilterRefused notFound(String id) {
        return new FilterRefused(Kind.NOT_FOUND, "not_found", "no ingress filter with id '" + id + "'");
    }

    static FilterRefused duplicate(String id) {
        return new FilterRefused(
                Kind.CONFLICT, "duplicate_id", "an ingress filter with id '" + id + "' exists already");
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
