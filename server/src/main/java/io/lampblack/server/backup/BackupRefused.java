package io.lampblack.server.backup;

import io.lampblack.server.problem.Problem;

/** A backup or restore that cannot be done as asked: the target is not usable, or another backup is running. */
public final class BackupRefused extends RuntimeException implements Problem {

    private final Kind kind;
    private final String reason;

    public BackupRefused(Kind kind, String reason, String message) {
        super(message);
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
