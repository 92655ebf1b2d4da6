package io.lampblack.server.auth;

import java.time.Instant;

/** The always-on record of who changed what through the API. */
public interface AuditLog {

    record Entry(Instant at, String username, String method, String path, int status, String remoteAddress) {}

    void record(Entry entry);
}
