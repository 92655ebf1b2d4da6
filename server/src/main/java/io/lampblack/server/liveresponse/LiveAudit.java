package io.lampblack.server.liveresponse;

import io.lampblack.server.auth.AuditLog;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What live response writes into the audit log besides the API calls the router records: each session's opening and
 * end and each command's issue and outcome, with who, which sensor, and the command line. Entries use the method
 * {@code LR} and the session's (or command's) path, so that they sort beside the calls that caused them.
 */
final class LiveAudit {

    private static final Logger LOG = LoggerFactory.getLogger(LiveAudit.class);
    /** The user named for what the server does by itself (timeouts). */
    static final String SERVER = "-";

    private final AuditLog log;
    private final Clock clock;

    LiveAudit(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    void session(String user, LiveSession s, String what) {
        record(
                user,
                "/api/v1/cblr/session/" + s.id,
                "sensor " + s.sensor.id() + " (" + s.sensor.hostname() + "): " + what);
    }

    /**
     * The most of a command's object an entry records. A command line is recorded whole up to it (the description
     * holds {@link AuditLog.Entry#MAX_DESCRIPTION} characters), before the outcome and the other keys, so that what
     * follows cannot push it out; a longer one is cut with a note of how much was cut.
     */
    static final int MAX_OBJECT = 1024;

    void command(String user, LiveCommand c, String what) {
        String object = c.objectText() == null ? "" : " " + LiveResponse.truncated(c.objectText(), MAX_OBJECT);
        record(
                user,
                "/api/v1/cblr/session/" + c.sessionId() + "/command/" + c.id(),
                "sensor " + c.sensorId() + ": " + c.name() + object + ": " + what);
    }

    private void record(String user, String path, String description) {
        try {
            log.record(new AuditLog.Entry(clock.instant(), user, "LR", path, 200, "", description));
        } catch (RuntimeException e) {
            LOG.error("audit log write failed for {}: {}", path, description, e);
        }
    }
}
