package io.lampblack.server.ban;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One ban, as {@code /api/v1/banning/blacklist} shows it (reference §5.12).
 *
 * @param md5       lower-case hex
 * @param enabled   false once unbanned (kept for its history)
 * @param audit     every change, oldest first
 */
public record BannedHash(
        String md5,
        String text,
        boolean enabled,
        String username,
        int userId,
        Instant timestamp,
        long blockCount,
        Optional<Instant> lastBlockTime,
        Optional<Integer> lastBlockSensorId,
        String lastBlockHostname,
        List<Change> audit) {

    /** One entry of a ban's history. */
    public record Change(String username, int userId, Instant timestamp, String text, boolean enabled) {}
}
