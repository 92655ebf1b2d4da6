package io.lampblack.server.ban;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where bans live (the metadata database: {@code store.JdbcBanStore}). */
public interface BanStore {

    List<BannedHash> all(int limit);

    Optional<BannedHash> find(String md5);

    /** Creates the ban, or enables and re-describes a disabled one; each call adds an audit entry. */
    void put(String md5, String text, boolean enabled, String username, int userId, Instant at);

    /** The lower-case MD5s of the enabled bans. */
    List<String> enabledMd5s();

    /** Counts a block a sensor reported; false when the MD5 has no ban. */
    boolean blocked(String md5, Instant at, int sensorId, String hostname);
}
