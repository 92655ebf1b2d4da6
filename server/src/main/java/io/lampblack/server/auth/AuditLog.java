package io.lampblack.server.auth;

import java.time.Instant;

/** The always-on record of who changed what through the API. */
public interface AuditLog {

    record Entry(Instant at, String username, String method, String path, int status, String remoteAddress) {

        /** The longest path the audit log keeps (its column); a longer request path is recorded cut to it. */
        public static final int MAX_PATH = 2048;

        public Entry {
            path = io.lampblack.server.problem.TextLimits.truncated(path, MAX_PATH);
        }
    }

    void record(Entry entry);
}
