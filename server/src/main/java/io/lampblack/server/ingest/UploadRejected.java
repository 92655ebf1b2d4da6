package io.lampblack.server.ingest;

import io.lampblack.server.problem.Problem;

/** An upload refused as a whole; nothing of it was journaled. {@code kind} says why, in the caller's terms. */
public final class UploadRejected extends Exception implements Problem {

    private final Kind kind;
    private final String reason;

    public UploadRejected(Kind kind, String reason, String detail) {
        super(detail);
        this.kind = kind;
        this.reason = reason;
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
