package io.lampblack.server.auth;

import java.util.List;

/** Persistence of audit entries: appended in batches, read newest first. */
public interface AuditStore {

    /** Appends the entries in one transaction (all or none). */
    void append(List<AuditLog.Entry> entries);

    List<AuditLog.Entry> recent(int limit);

    /**
     * Whether a failed {@link #append} means the store could not be reached (worth retrying the same entries) rather
     * than that it refused them (one of them cannot be stored, whatever the retries).
     */
    boolean unreachable(RuntimeException failure);

    /** Deletes the entries older than the instant; returns how many. */
    int deleteBefore(java.time.Instant cutoff);
}
