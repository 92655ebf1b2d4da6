package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.auth.AuditLog;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One entry of {@code GET /api/useractivity} (reference §4.1), with the method and path the audit log also keeps. */
public record UserActivityDocument(
        @JsonProperty("username") String username,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("ip_address") String ipAddress,
        @JsonProperty("http_status") int httpStatus,
        @JsonProperty("http_description") String httpDescription,
        @JsonProperty("method") String method,
        @JsonProperty("path") String path) {

    /** Carbon Black's database time format (reference §1.5). */
    private static final DateTimeFormatter DATES =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    public static UserActivityDocument of(AuditLog.Entry e) {
        return new UserActivityDocument(
                e.username(),
                DATES.format(e.at()),
                e.remoteAddress(),
                e.status(),
                e.description(),
                e.method(),
                e.path());
    }
}
