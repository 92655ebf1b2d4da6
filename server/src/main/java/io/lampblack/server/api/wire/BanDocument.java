package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.ban.BannedHash;
import java.util.List;
import java.util.Locale;

/**
 * A banned hash as cbapi's {@code BannedHash} reads it (reference §5.12): {@code md5hash} in upper case, as the
 * console shows it; times as ISO text.
 *
 * @param lastBlockTime     null until a sensor reported a block
 * @param lastBlockSensorId null until a sensor reported a block
 * @param audit             every change, oldest first
 */
public record BanDocument(
        @JsonProperty("md5hash") String md5hash,
        @JsonProperty("text") String text,
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("username") String username,
        @JsonProperty("user_id") int userId,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("block_count") long blockCount,
        @MayBeNull @JsonProperty("last_block_time") String lastBlockTime,
        @JsonProperty("last_block_sensor_id") Integer lastBlockSensorId,
        @JsonProperty("last_block_hostname") String lastBlockHostname,
        @JsonProperty("audit") List<AuditEntry> audit) {

    /** One change of the ban. */
    public record AuditEntry(
            @JsonProperty("username") String username,
            @JsonProperty("timestamp") String timestamp,
            @JsonProperty("text") String text,
            @JsonProperty("enabled") boolean enabled,
            @JsonProperty("user_id") int userId) {}

    public static BanDocument of(BannedHash h) {
        return new BanDocument(
                h.md5().toUpperCase(Locale.ROOT),
                h.text(),
                h.enabled(),
                h.username(),
                h.userId(),
                h.timestamp().toString(),
                h.blockCount(),
                h.lastBlockTime().map(Object::toString).orElse(null),
                h.lastBlockSensorId().orElse(null),
                h.lastBlockHostname(),
                h.audit().stream()
                        .map(c -> new AuditEntry(
                                c.username(), c.timestamp().toString(), c.text(), c.enabled(), c.userId()))
                        .toList());
    }
}
