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

        /**
         * The longest description the audit log keeps (its column, since V16): room for a live-response command line
         * (up to 1,024 characters) with the command's other keys and its outcome.
         */
        public static final int MAX_DESCRIPTION = 4096;

        /**
         * Every text field is {@linkplain #clean cleaned}: the username of a login attempt, a path and an address come
         * from the caller, and PostgreSQL refuses a NUL in text while CR and LF would forge lines in a syslog reader.
         */
        public Entry {
            username = clean(username);
            method = clean(method);
            path = TextLimits.truncated(clean(path), MAX_PATH);
            remoteAddress = clean(remoteAddress);
            description = TextLimits.truncated(clean(description), MAX_DESCRIPTION);
        }

        public Entry(Instant at, String username, String method, String path, int status, String remoteAddress) {
            this(at, username, method, path, status, remoteAddress, HttpStatusText.of(status));
        }
    }

    void record(Entry entry);

    /**
     * The text with each control character (C0 including NUL, CR and LF, DEL, C1) and each unpaired surrogate replaced
     * by {@code '?'}; null becomes empty.
     */
    static String clean(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c < 0x20 || (c >= 0x7f && c <= 0x9f);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    if (b != null) b.append(c).append(s.charAt(i + 1));
                    i++;
                    continue;
                }
                bad = true;
            } else if (Character.isLowSurrogate(c)) {
                bad = true;
            }
            if (bad && b == null) b = new StringBuilder(s.length()).append(s, 0, i);
            if (b != null) b.append(bad ? '?' : c);
        }
        return b == null ? s : b.toString();
    }
}
