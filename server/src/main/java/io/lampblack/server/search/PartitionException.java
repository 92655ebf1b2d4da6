package io.lampblack.server.search;

import io.lampblack.server.problem.Problem;

/** A partition operation that cannot be done: an unknown name, or an operation the hot partition does not allow. */
public final class PartitionException extends RuntimeException implements Problem {

    public enum Refusal {
        /** No partition has that name. */
        UNKNOWN,
        /** The hot partition ({@code writer}) cannot be unmounted or deleted: it is where new data goes. */
        HOT,
        /** The hot partition cannot roll now: indexing has stopped or did not catch up in time. */
        NOT_NOW
    }

    private final Refusal refusal;

    public PartitionException(Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }

    @Override
    public Kind kind() {
        return switch (refusal) {
            case UNKNOWN -> Kind.NOT_FOUND;
            case HOT -> Kind.CONFLICT;
            case NOT_NOW -> Kind.UNAVAILABLE;
        };
    }

    @Override
    public String reason() {
        return switch (refusal) {
            case UNKNOWN -> "not_found";
            case HOT -> "hot_partition";
            case NOT_NOW -> "partition_roll_failed";
        };
    }
}
