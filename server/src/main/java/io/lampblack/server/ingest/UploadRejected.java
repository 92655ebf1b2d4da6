package io.lampblack.server.ingest;

/** An upload refused as a whole; nothing of it was journaled. {@code status} is the HTTP status to answer. */
public final class UploadRejected extends Exception {

    private final int status;
    private final String reason;

    public UploadRejected(int status, String reason, String detail) {
        super(detail);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
