package io.lampblack.server.auth;

import io.lampblack.server.problem.TextLimits;
import java.time.Instant;

/** The always-on record of who did what through the API: every call made with a token, every login and failed one. */
public interface AuditLog {

    /**
     * @param description what happened in words: the HTTP status text of a call, the outcome of a login
     */
    record Entry(
            Instant at,
            String username,
            String method,
            String path,
            int status,
            String remoteAddress,
            String description) {

        /** The longest path the audit log keeps (its column); a longer request path is recorded cut to it. */
        public static final int MAX_PATH = 2048;

        public Entry {
            path = TextLimits.truncated(path, MAX_PATH);
            description = TextLimits.truncated(description == null ? "" : description, 255);
        }

        public Entry(Instant at, String username, String method, String path, int status, String remoteAddress) {
            this(at, username, method, path, status, remoteAddress, HttpStatusText.of(status));
        }
    }

    void record(Entry entry);
}
